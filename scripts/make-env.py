"""Print a fresh .env for a local installation with newly generated secrets.

make-env.py                 a whole new .env
make-env.py --missing .env  only the generated secrets that .env lacks (added by `make env`
                            when a newer medarb needs a secret an older .env does not have)
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

SECRETS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "MEDARB_FIELD_KEYS": lambda: Fernet.generate_key().decode(),
    "MEDARB_AUDIT_KEYS": lambda: secrets.token_urlsafe(32),
    "MEDARB_JANUS_ADMIN_KEY": lambda: secrets.token_urlsafe(32),
}

if len(sys.argv) == 3 and sys.argv[1] == "--missing":
    present = {
        line.split("=", 1)[0].strip()
        for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    for name, make in SECRETS.items():
        if name not in present:
            print(f"{name}={make()}")
    sys.exit(0)

print("# Written by `make run` on first start; see .env.example for every setting.")
for name, make in SECRETS.items():
    print(f"{name}={make()}")
print("DEBUG=0")
print("ALLOWED_HOSTS=127.0.0.1,localhost")
