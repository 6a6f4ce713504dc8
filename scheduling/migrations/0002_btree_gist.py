from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    # The exclusion constraints compare a provider or chair id (btree) with a time range (gist).
    dependencies = [("scheduling", "0001_initial")]

    operations = [BtreeGistExtension()]
