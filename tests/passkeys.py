"""A software security key for the tests: what a browser and a passkey send to the server, made
with a real key pair, so allauth's WebAuthn checks (challenge, origin, relying party, signature,
counter) run unchanged. The browser journey uses Chromium's own virtual authenticator instead."""

from __future__ import annotations

import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticationResponse,
    AuthenticatorAssertionResponse,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

FLAGS = AuthenticatorData.FLAG


class SoftwareSecurityKey:
    """One credential of one key, for the site at `origin`: the test client's host by default,
    over HTTPS as in production (WebAuthn refuses plain HTTP except on localhost)."""

    def __init__(self, *, rp_id: str = "testserver", origin: str = "https://testserver") -> None:
        self.rp_id = rp_id
        self.origin = origin
        self.credential_id = os.urandom(32)
        self._private_key = ec.generate_private_key(ec.SECP256R1())
        self._counter = 0

    def registration(self, challenge: bytes | None = None) -> dict:
        """The browser's answer to "create a credential" (attestation "none"), as JSON: what
        allauth's add-key form posts and stores."""
        public_key = ES256.from_cryptography_key(self._private_key.public_key())
        credential = AttestedCredentialData.create(bytes(16), self.credential_id, public_key)
        auth_data = AuthenticatorData.create(
            self._rp_id_hash(), FLAGS.UP | FLAGS.UV | FLAGS.AT, 0, credential
        )
        response = RegistrationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAttestationResponse(
                client_data=CollectedClientData.create(
                    "webauthn.create", challenge or os.urandom(32), self.origin
                ),
                attestation_object=AttestationObject.create("none", auth_data, {}),
            ),
        )
        return json.loads(json.dumps(dict(response)))

    def assertion(self, request_options: dict) -> dict:
        """The browser's answer to "get a credential" for the server's challenge, signed."""
        challenge = websafe_decode(request_options["publicKey"]["challenge"])
        self._counter += 1
        auth_data = AuthenticatorData.create(self._rp_id_hash(), FLAGS.UP | FLAGS.UV, self._counter)
        client_data = CollectedClientData.create("webauthn.get", challenge, self.origin)
        signature = self._private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        response = AuthenticationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAssertionResponse(
                client_data=client_data, authenticator_data=auth_data, signature=signature
            ),
        )
        return json.loads(json.dumps(dict(response)))

    def _rp_id_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest()
