# The two commands of the README. Both set up what is missing first (scripts/setup.sh).
PY := .venv/bin/python

.PHONY: setup run test unit journeys matrix lane-unit lane-journeys lane-matrix soak report sandbox clean

setup:
	@bash scripts/setup.sh

## all journeys against the embedded sandbox, then scorecard + Allure report
run: setup
	$(PY) -m shopper run $(ARGS)

## the project's own tests in three lanes (unit, journeys, matrix), then the total wall time.
## Every lane runs even when an earlier one fails; the exit status is the worst of the three.
test: setup
	@start=$$(date +%s); rc=0; \
	for lane in unit journeys matrix; do \
	  echo "== make $$lane"; lane_start=$$(date +%s); \
	  $(MAKE) --no-print-directory lane-$$lane ARGS='$(ARGS)' || rc=1; \
	  echo "== make $$lane: $$(( $$(date +%s) - lane_start )) s"; \
	done; \
	t=$$(( $$(date +%s) - start )); echo "make test: $$((t / 60))m $$((t % 60))s"; exit $$rc

## unit tests and sandbox HTTP tests: no browser journeys, two xdist workers (SHOPPER_UNIT_WORKERS; ~75 s)
unit: setup
	@$(MAKE) --no-print-directory lane-unit ARGS='$(ARGS)'

## journey verdict tests (recorder proof, faults, flakiness, write guard, scale), without the matrix
journeys: setup
	@$(MAKE) --no-print-directory lane-journeys ARGS='$(ARGS)'

## the defect detection matrix only
matrix: setup
	@$(MAKE) --no-print-directory lane-matrix ARGS='$(ARGS)'

# The lanes are chosen by marker (pytest.ini): every test under tests/journeys carries `journeys`,
# the matrix also `matrix`; soak is skipped unless asked for (make soak).
lane-unit:
	$(PY) -m pytest tests -m "not journeys" -q -n $${SHOPPER_UNIT_WORKERS:-2} $(ARGS)

# two xdist workers (one per core of the reference machine), longest tests first (tests/conftest.py):
# most of these tests wait on a subprocess's browser, so two at a time halve the lane's wall time
lane-journeys:
	$(PY) -m pytest tests -m "journeys and not matrix and not soak" -q -n $${SHOPPER_JOURNEY_WORKERS:-2} $(ARGS)

lane-matrix:
	$(PY) -m pytest tests -m matrix -q -s $(ARGS)

## the clean sandbox run 10 times in a row (slow): no failure allowed
soak: setup
	SHOPPER_SOAK=1 $(PY) -m pytest tests/journeys/test_soak.py -q -s $(ARGS)

report: setup
	$(PY) -m shopper report

sandbox: setup
	$(PY) -m sandbox $(ARGS)

clean:
	rm -rf reports/allure-results reports/allure-report reports/records reports/traces reports/runs reports/latest reports/history
