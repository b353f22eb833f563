"""Executes the notebooks of this folder against a lakehouse and writes each executed notebook and an HTML copy.

Run by `bin/lifecycle notebooks` inside the virtual environment of requirements.txt:
    python run_notebooks.py --lakehouse DIR --output DIR [--notebooks DIR] [NAME ...]
Prints a progress line per notebook; exits 1 when a cell of any notebook failed, naming the notebook and the cell.
Writes <output>/run.json: per notebook its seconds, image outputs and the numbers it recorded with lakehouse.check(),
and the failures.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")


def images(nb) -> int:
    return sum(1 for cell in nb.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []) if any(t in out.get("data", {}) for t in IMAGE_TYPES))


def failed_cell(nb):
    """(cell number from 1 among all cells, code cell number from 1, error line) of the first cell with an error."""
    code = 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        code += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, code, f"{out.get('ename')}: {out.get('evalue')}"
    return None


def run(path: Path, output: Path, timeout: int) -> dict:
    name = path.stem
    checks_file = output / f"{name}.checks.json"
    checks_file.unlink(missing_ok=True)
    # The kernel inherits this process's environment: that is how the notebook learns the lakehouse (set by main)
    # and where to record its checks.
    os.environ["LIFECYCLE_NOTEBOOK_CHECKS"] = str(checks_file)
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    error = None
    try:
        # Unix sockets in a temporary folder rather than TCP ports: nothing listens on the network while it runs.
        with tempfile.TemporaryDirectory(prefix="lifecycle-kernel-") as sockets:
            km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
            try:
                NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            finally:
                if km.has_kernel:  # a kernel manager passed in is ours to stop
                    km.shutdown_kernel()
    except Exception as e:  # a cell error, a timeout, a dead kernel: the notebook failed, the others still run
        error = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
    # An error raised while drawing a figure after the cell ran (matplotlib's inline hook) is an error output of a
    # cell whose execution counted as ok: look for error outputs too.
    where = failed_cell(nb)
    if where:
        error = f"cell {where[0]} (code cell {where[1]}): {where[2]}"
    seconds = time.monotonic() - start
    executed = output / f"{name}.ipynb"
    nbformat.write(nb, executed)
    html, _ = HTMLExporter().from_notebook_node(nb)
    (output / f"{name}.html").write_text(html, encoding="utf-8")
    checks = json.loads(checks_file.read_text()) if checks_file.exists() else {}
    return {"notebook": path.name, "seconds": round(seconds, 1), "images": images(nb), "checks": checks,
            "executed": str(executed), "html": str(output / f"{name}.html"), "error": error}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lakehouse", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--notebooks", type=Path, default=HERE, help="folder of the notebooks (default: this one)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one cell may take")
    parser.add_argument("names", nargs="*", help="notebooks to run (default: every *.ipynb of the folder)")
    args = parser.parse_args()

    lakehouse = args.lakehouse.resolve()
    if not lakehouse.is_dir():
        print(f"notebooks: no lakehouse at {lakehouse}", file=sys.stderr)
        return 2
    os.environ["LIFECYCLE_LAKEHOUSE"] = str(lakehouse)
    # Figures render inline for the notebook outputs; no display is needed.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    output = args.output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    paths = [args.notebooks / (n if n.endswith(".ipynb") else n + ".ipynb") for n in args.names] \
        or sorted(args.notebooks.glob("*.ipynb"))
    if not paths:
        print(f"notebooks: no notebooks in {args.notebooks}", file=sys.stderr)
        return 2

    results = []
    start = time.monotonic()
    for i, path in enumerate(paths, start=1):
        print(f"notebooks: [{i}/{len(paths)}] {path.name} ...", flush=True)
        result = run(path, output, args.timeout)
        results.append(result)
        if result["error"]:
            print(f"notebooks: [{i}/{len(paths)}] {path.name} FAILED at {result['error']} "
                  f"(traceback in {result['executed']})", file=sys.stderr, flush=True)
        else:
            print(f"notebooks: [{i}/{len(paths)}] {path.name} done in {result['seconds']:.1f} s, "
                  f"{result['images']} plots", flush=True)
    failures = [f"{r['notebook']} at {r['error']}" for r in results if r["error"]]
    (output / "run.json").write_text(json.dumps({"lakehouse": str(lakehouse), "notebooks": results,
                                                 "failures": failures,
                                                 "seconds": round(time.monotonic() - start, 1)}, indent=2))
    print(f"notebooks: {len(results) - len(failures)} of {len(results)} ran in {time.monotonic() - start:.0f} s; "
          f"executed notebooks and HTML copies in {output}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
