"""Print a fresh .env for a local installation with newly generated secrets."""

import secrets

from cryptography.fernet import Fernet

print("# Written by `make run` on first start; see .env.example for every setting.")
print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"MEDARB_FIELD_KEYS={Fernet.generate_key().decode()}")
print("DEBUG=0")
print("ALLOWED_HOSTS=127.0.0.1,localhost")
