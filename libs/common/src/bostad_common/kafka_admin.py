"""Creating topics: at start-up in the embedded default, by the runner in tests."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from bostad_common.events.topics import ALL_TOPICS


async def ensure_topics(
    bootstrap: str, names: list[str] | None = None, partitions: int = 0
) -> None:
    """Create the named topics (default: every topic and its DLQ) if missing."""
    wanted: dict[str, int] = {}
    for topic in ALL_TOPICS:
        wanted[topic.name] = topic.partitions
        wanted[topic.dlq] = 1
    if names is not None:
        wanted = {name: wanted.get(name, 1) for name in names}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, partitions or count, 1)
            for name, count in wanted.items()
            if name not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another process created them between list and create
    finally:
        await admin.close()
