"""`./bostad COMMAND ...`: dispatch. Arguments after the command pass through."""

from __future__ import annotations

import sys

from runner.config import ConfigError

HELP = """usage: ./bostad COMMAND [ARGS]

  up                              start the broker, the development issuer and the five
                                  services with demo data; foreground; Ctrl-C stops all
  test [PYTEST ARGS]              PostgreSQL/Redis check, lint, each package alone,
                                  then the whole test suite (what CI runs)
  token USER                      print a staff bearer token for a demo user (one line)
  token --list                    list the demo users with their roles and districts
  landlord add NAME --districts D1,D2
                                  register a landlord system; prints one JSON object
                                  {"landlord_id": ..., "credential": ...} (shown once)
  payments import FILE            book a BgMax payment file in tenancy; prints the
                                  result as one JSON object (same as the HTTP upload)
  district add CODE NAME [--bankgiro B --office-... --legal-reference R]
                                  add or change a district; prints it as one JSON object
  district list                   list the districts with their letter details (JSON)
  dlq replay TOPIC                put dead letters of TOPIC back on it
  check-packages                  only the "each package alone" step of `test`
  help                            this text

`./bostad up --help` lists the ports and their variables. See README.md."""


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    try:
        return _dispatch(command, args)
    except ConfigError as exc:
        print(f"bostad: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(command: str, args: list[str]) -> int:
    if command in ("help", "-h", "--help"):
        print(HELP)
        return 0
    if command == "up":
        from runner.up import run_up

        return run_up(args)
    if command == "test":
        from runner.suite import run_test

        return run_test(args)
    if command == "check-packages":
        from runner.suite import check_packages_command

        return check_packages_command()
    if command in ("token", "landlord", "payments", "district", "dlq"):
        from runner import delegate

        return int(getattr(delegate, command)(args))
    print(f"bostad: unknown command {command!r}\n\n{HELP}", file=sys.stderr)
    return 2
