"""Operator commands for dead-letter topics.

    python -m bostad_common.messaging.dlq_cli list TOPIC     # what is there, and why
    python -m bostad_common.messaging.dlq_cli replay TOPIC   # put it back on TOPIC

`list` prints one JSON object per dead letter (partition, offset, consumer,
error, failed_at, key) and never the message body, which may hold personal
data. `replay` prints {"replayed": N}. The broker comes from
BOSTAD_KAFKA_BOOTSTRAP, like the services'.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bostad_common.events.topics import ALL_TOPICS
from bostad_common.messaging.dlq import read_dlq, replay_dlq
from bostad_common.settings import get_settings

KNOWN = {topic.name for topic in ALL_TOPICS}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bostad_common.messaging.dlq_cli")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("list", "show the dead letters of TOPIC (reasons, not bodies)"),
        ("replay", "republish the dead letters of TOPIC onto TOPIC"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("topic", help="the original topic, e.g. landlord.notices.v1")
        command.add_argument("--timeout", type=float, default=10.0)
    return parser


async def _run(command: str, topic: str, wait_seconds: float) -> int:
    bootstrap = get_settings().kafka_bootstrap
    if command == "replay":
        count = await replay_dlq(bootstrap, topic, timeout=wait_seconds)
        print(json.dumps({"topic": topic, "replayed": count}))
        return 0
    for letter in await read_dlq(bootstrap, topic, timeout=wait_seconds):
        print(
            json.dumps(
                {
                    "partition": letter.partition,
                    "offset": letter.offset,
                    "consumer": letter.consumer,
                    "error": letter.error,
                    "failed_at": letter.failed_at,
                    "key": letter.key.decode(errors="replace") if letter.key else None,
                },
                ensure_ascii=False,
            )
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    topic = args.topic.removesuffix(".dlq")
    if topic not in KNOWN:
        print(f"unknown topic {topic!r}; known: {', '.join(sorted(KNOWN))}", file=sys.stderr)
        return 2
    return asyncio.run(_run(args.command, topic, args.timeout))


if __name__ == "__main__":
    sys.exit(main())
