"""The floor: the cheapest page Django can serve here, through the site's whole middleware stack
and one query. Every other page's latency is read against it."""

from django.db import connection
from django.http import HttpResponse


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(b"ok", content_type="text/plain")
