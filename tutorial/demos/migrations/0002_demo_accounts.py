from django.contrib.auth.hashers import make_password
from django.db import migrations

# A plain user and a staff user for the authentication demos. They have no usable password:
# visitors sign in with the demo's buttons, and there is no admin site for staff to reach.
ACCOUNTS = {"learner": False, "staff": True}


def create_accounts(apps, schema_editor):
    User = apps.get_model("auth", "User")
    for username, is_staff in ACCOUNTS.items():
        User.objects.update_or_create(
            username=username,
            defaults={"is_staff": is_staff, "password": make_password(None)},
        )


def remove_accounts(apps, schema_editor):
    apps.get_model("auth", "User").objects.filter(username__in=ACCOUNTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("demos", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_accounts, remove_accounts)]
