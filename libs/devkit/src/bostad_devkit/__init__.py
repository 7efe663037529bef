"""Development and test tooling; never a dependency of a service.

* `dev_issuer`      – the local development OIDC issuer and its demo users
* `broker_process`  – start and stop the embedded Kafka-protocol broker (Tansu)
* `testing`         – fresh PostgreSQL databases, Redis URL, an ASGI app in a thread
* `leak_scan`       – finds personal numbers in captured logs and spans
* `pytest_plugin`   – the suite-wide fixtures (root conftest.py loads it)
* `messaging_kit`, `eviction_kit` – helpers shared by tests of messaging and
  of eviction-prevention

`tools/runner/packages.py` proves that no service image installs this package.
"""
