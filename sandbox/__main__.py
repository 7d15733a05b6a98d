"""python -m sandbox [--port N] [--defects a,b] [--host H] [--flavour a|b|c]: serve every site until Ctrl-C.

Accounts come from env SANDBOX_ACCOUNTS (a JSON list); if unset, two are generated with Faker('zh_CN')
and written (with their passwords) to a 0600 JSON file in a temp dir whose path is printed. Passwords
are never printed or logged. Flavour C's SMS code and captcha come from SANDBOX_SMS_CODE / SANDBOX_CAPTCHA,
else they are random and never printed."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from .accounts import accounts_from_env, generate_accounts, write_accounts_file
from .defects import DEFECTS, defects_from_env, parse_defects
from .errors import SandboxConfigError
from .server import SandboxServer
from .staging import ENV as STAGING_ENV, staging_codes_from_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="江澜省政务服务网 staging sandbox")
    parser.add_argument("--port", type=int, default=5000, help="port for every site (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--defects", default=None,
                        help="comma separated defect names (default: env SANDBOX_DEFECTS); one of: " + ", ".join(DEFECTS))
    parser.add_argument("--flavour", choices=("a", "b", "c"), default="a",
                        help="a: the default portal; b: another vendor's markup and flows (OAuth2 SSO, JSON search); "
                             "c: a hash-route SPA with SMS sign-in (env SANDBOX_SMS_CODE, SANDBOX_CAPTCHA)")
    parser.add_argument("--db", default=None, help="SQLite file (default: in memory)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    try:
        defects = parse_defects(args.defects) if args.defects is not None else defects_from_env()
        accounts = accounts_from_env()
        accounts_file = None
        if accounts is None:
            accounts = generate_accounts()
            accounts_file = write_accounts_file(accounts)
        server = SandboxServer(defects=defects, accounts=[a.__dict__ for a in accounts], port=args.port,
                               host=args.host, db_path=args.db, quiet=not args.verbose,
                               flavour=args.flavour, staging_codes=staging_codes_from_env())
        server.start()
    except SandboxConfigError as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        return 2
    if args.verbose:
        logging.basicConfig(level=logging.INFO)
    print(f"江澜省政务服务网 sandbox (flavour {args.flavour}) is running:")
    for label in server.site_labels():
        print(f"  {label:6s} {server.url(label)}/")
    print(f"  defects: {', '.join(sorted(defects)) or 'none (clean portal)'}")
    print("  control endpoint token: " + ("from SANDBOX_CONTROL_TOKEN" if os.environ.get("SANDBOX_CONTROL_TOKEN")
                                          else "random (set SANDBOX_CONTROL_TOKEN to move 办件 from a suite run)"))
    if args.flavour == "c":
        for key, name, use in (("sms", STAGING_ENV["sms"], "sign in"), ("captcha", STAGING_ENV["captcha"], "use 办件查询")):
            print(f"  {key} code: " + (f"from {name}" if os.environ.get(name) else f"random, not shown (set {name} to {use} by hand)"))
    if accounts_file:
        print(f"  accounts (usernames and passwords, mode 0600): {accounts_file}")
    else:
        print(f"  accounts from SANDBOX_ACCOUNTS: {', '.join(a.username for a in accounts)}")
    print("Press Ctrl-C to stop.", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
