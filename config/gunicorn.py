"""gunicorn settings, from the environment: PORT, WEB_HOST, WEB_CONCURRENCY, WEB_TIMEOUT."""

import os

bind = f"{os.environ.get('WEB_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
# Access logs carry paths only; no URL of ours holds patient data (see SECURITY notes in README).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one per user (~/.gunicorn/gunicorn.ctl): `make run`, the
# bench and the fault tests would share it. Nothing here uses it.
control_socket_disable = True
