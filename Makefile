# Guichet: the two README commands are `make run` and `make test`.
#
#   make run [BIND=127.0.0.1:8080]   install what is missing, build, serve (demo data on first run)
#   make test                        the whole suite: lint, SQLite, PostgreSQL, browser (scripts/test.sh)
#   make lint                        rustfmt check and clippy, warnings denied
#   make bench                       cargo bench
#   make clean-data                  delete the local SQLite database (data/)

BIND ?= 127.0.0.1:8080

.PHONY: run test lint bench clean-data

run:
	scripts/run.sh --bind "$(BIND)"

test:
	scripts/test.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --release --all-targets -- -D warnings

bench:
	cargo bench

clean-data:
	rm -rf data/
