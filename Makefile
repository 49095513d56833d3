# The commands of the README; the scripts in bin/ do the work (see each for details).

.PHONY: help run test lint setup engine engine-stop

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

run:  ## set up, load the demo content and serve the site on http://127.0.0.1:8000/
	bin/run

test:  ## the whole test suite: PostgreSQL, the smoke part on SQLite, migrations and deploy checks
	bin/test

lint:  ## ruff check
	bin/lint

setup:  ## .venv, dependencies and compiled translations only
	bin/setup

engine:  ## fetch once (into .engine/) and start a local OpenSearch on http://127.0.0.1:9200/
	bin/engine

engine-stop:  ## stop the local OpenSearch that make engine started
	bin/engine stop
