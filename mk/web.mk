# The web chat (bot/web): npm packages for its styles (Designsystemet) and for the browser tests.
.PHONY: web-deps web browser-deps web-test

WEB_DIR := bot/web

# npm ci only when the lock file changed since the last install.
web-deps: $(WEB_DIR)/node_modules/.package-lock.json
$(WEB_DIR)/node_modules/.package-lock.json: $(WEB_DIR)/package.json $(WEB_DIR)/package-lock.json
	cd $(WEB_DIR) && npm ci --no-audit --no-fund
	@touch $@

# Serve the chat page alone (Rasa elsewhere): make web
web: $(STAMP) web-deps
	$(RUN) python -m bot.web

# Chromium + chromedriver from Debian (only when missing) and the npm packages.
browser-deps:
	$(WEB_DIR)/ensure-browser.sh

# The widget's browser tests against a fake Rasa (the live-stack ones run under make browser-test).
web-test: $(STAMP) browser-deps
	$(RUN) python -m pytest tests/browser -m "browser and not stack" -q
