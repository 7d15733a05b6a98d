# The suite's fixtures and hooks live in shopper/plugin.py (portal, browser, recorder, Allure).
pytest_plugins = ["shopper.plugin"]
