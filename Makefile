# Convenience targets; the scripts are the source of truth (see README.md).
.PHONY: demo test bench bench-playbooks bench-x12 bench-evaluator bench-store format schema docs

demo:
	scripts/demo.sh

test:
	scripts/test.sh

bench: bench-playbooks bench-x12 bench-evaluator bench-store

bench-playbooks:
	scripts/bench-playbooks.sh

bench-x12:
	scripts/bench-x12.sh

bench-evaluator:
	scripts/bench-evaluator.sh

bench-store:
	scripts/bench-store.sh

format:
	swift format format --in-place --recursive Sources Tests Benchmarks

schema:
	swift run payerbook schema --out schema/playbook.schema.json

docs:
	swift run payerbook diagnostics --markdown > docs/diagnostics.md
