# The two commands of the README. Both set up what is missing first (scripts/setup.sh).
PY := .venv/bin/python

.PHONY: setup run test unit soak report sandbox clean

setup:
	@bash scripts/setup.sh

## all journeys against the embedded sandbox, then scorecard + Allure report
run: setup
	$(PY) -m shopper run $(ARGS)

## the project's own tests: unit, sandbox HTTP tests, journey verdict tests, defect matrix
test: setup
	$(PY) -m pytest tests $(ARGS)

unit: setup
	$(PY) -m pytest tests/unit tests/sandbox -q $(ARGS)

## the clean sandbox run 10 times in a row (slow): no failure allowed
soak: setup
	SHOPPER_SOAK=1 $(PY) -m pytest tests/journeys/test_soak.py -q -s $(ARGS)

report: setup
	$(PY) -m shopper report

sandbox: setup
	$(PY) -m sandbox $(ARGS)

clean:
	rm -rf reports/allure-results reports/allure-report reports/records reports/traces reports/runs reports/latest reports/history
