"""The suite's fixtures live in the development package (`bostad_devkit.pytest_plugin`)."""

pytest_plugins = ["bostad_devkit.pytest_plugin"]
