# Thin wrapper over CMake: the README's two commands, `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SAMPLE_DIR := samples/callcenter/generated
DEMO_OUT   ?= out/demo

.PHONY: all setup build demo test test-sanitize bench clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Regenerated when the generator changes (it writes checks.csv, volume.csv and publish.csv together).
$(SAMPLE_DIR)/checks.csv: samples/callcenter/generate.py
	@python3 samples/callcenter/generate.py --out $(SAMPLE_DIR)

$(SAMPLE_DIR)/logo.png: scripts/make_logo.py
	@mkdir -p $(SAMPLE_DIR) && python3 scripts/make_logo.py $@

demo: build $(SAMPLE_DIR)/checks.csv $(SAMPLE_DIR)/logo.png
	@$(BUILD)/huifang run --rules rules/callcenter.lua --data-dir $(SAMPLE_DIR) \
	  --brand samples/callcenter/brand.lua --out $(DEMO_OUT) --format pdf,json,csv
	@echo "PDF:          $(abspath $(DEMO_OUT))/report.pdf"
	@echo "results.json: $(abspath $(DEMO_OUT))/results.json"

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same tests built with ASan+UBSan (CI runs this after `make test`).
test-sanitize: setup
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHUIFANG_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
