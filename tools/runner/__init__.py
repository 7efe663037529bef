"""The logic behind `./bostad`, the operator interface of the embedded default.

`./bostad` (a small shell script at the repository root) installs uv if needed,
syncs the workspace and runs this package with the workspace's Python. It is not
a workspace member and is never imported by the services.

Modules:
  config     ports, paths and the environment every embedded process gets
  processes  child processes in their own process groups, pid files, clean-up
  kafka      topic creation and consumer lag against the embedded broker
  up         `./bostad up`: start, watch, stop in order
  suite      `./bostad test`: PostgreSQL and Redis, lint, package isolation, pytest
  packages   each workspace package installed alone must import
  delegate   `token`, `landlord add`, `payments import`, `dlq replay`: to the packages' CLIs
  cli        argument parsing
"""
