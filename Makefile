# medarb — `make run` sets up this machine and starts the platform; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-photos test-fast lint bench setup os-packages os-packages-test venv assets env migrate demo serve worker services postgres-test messages clean

run: setup migrate demo serve

setup: os-packages venv assets env

os-packages:
	@scripts/os-packages.sh run

os-packages-test:
	@scripts/os-packages.sh test

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	$(PIP) install -q --no-deps face_recognition==1.3.0
	@touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

assets: node_modules/.installed
	@scripts/vendor-assets.sh

env:
	@test -f .env || $(PY) scripts/make-env.py > .env
	@$(PY) scripts/make-env.py --missing .env >> .env
	@echo "settings: .env"

migrate: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_laws
	$(MANAGE) load_faq
	$(MANAGE) load_published_awards

demo: venv
	@$(MANAGE) load_demo --if-empty
	@$(MANAGE) build_retrieval_index
	@$(MANAGE) make_demo_pki

serve:
	@scripts/serve.sh $(HOST) $(PORT)

worker: venv
	$(MANAGE) run_huey

# Photos of real faces for the face tests, from face_recognition's source distribution.
TEST_PHOTOS := var/test-photos
$(TEST_PHOTOS)/.installed: | venv
	@mkdir -p $(TEST_PHOTOS)
	$(PIP) download -q --no-deps --no-binary :all: face_recognition==1.3.0 -d $(TEST_PHOTOS)
	tar -xzf $(TEST_PHOTOS)/face_recognition-1.3.0.tar.gz -C $(TEST_PHOTOS) --strip-components=3 \
		face_recognition-1.3.0/tests/test_images
	@rm $(TEST_PHOTOS)/face_recognition-1.3.0.tar.gz
	@touch $@

test-photos: $(TEST_PHOTOS)/.installed

test: os-packages-test venv assets test-photos
	@scripts/test.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: venv assets test-photos
	@scripts/bench.sh

messages: venv
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf var .pytest_cache
