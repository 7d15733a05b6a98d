"""Running the docs/ci examples' own commands on this machine, job by job, as their CI would.

Each job instance gets a fresh checkout of the working tree (its files copied, `.venv` and
`node_modules` linked: what `make setup` gives a runner), its variables and matrix values, the caches
and artifacts of the jobs it needs, and its shell lines run by bash with errexit and pipefail (GitLab's
`script`, GitHub's `shell: bash`). Only what a runner image provides is left out: the lines that
install packages and `make setup` (SETUP); anything else a job says — a command, an expression, an
action — is run or emulated here, and what this module does not know fails the test (UnknownCI).

Emulated: GitLab `extends`, `parallel:matrix`, `needs`, `rules` (if on $CI_PIPELINE_SOURCE, when),
`cache` (key, paths, policy, when), `artifacts` (paths, when); GitHub `env` at every level,
`strategy.matrix`, `needs`, `if` (always(), !cancelled(), success(), ==), `${{ }}` (matrix, strategy,
github, vars, secrets, steps.<id>.outputs/outcome, a || 'default'), $GITHUB_OUTPUT, and the actions
checkout, cache/restore, cache/save, upload-artifact, download-artifact.
"""
from __future__ import annotations

import fnmatch
import itertools
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETUP = re.compile(r"^\s*(apt-get |make setup\s*$)")
LINKED = (".venv", "node_modules")
SAFE = re.compile(r"\W+")
KEEP_ENV = ("SHOPPER_TEST_SESSION",)
DROP_ENV = re.compile(r"^(SHOPPER_|SANDBOX_|CI|GITHUB_|GITLAB_|RUN_ID$)")


class UnknownCI(Exception):
    """The example uses something this emulator does not run: extend it, never skip it."""


@dataclass
class JobRun:
    name: str
    checkout: Path
    code: int
    log: str
    skipped_lines: list[str] = field(default_factory=list)


_machines = itertools.count(1)


def checkout(parent: Path, label: str) -> Path:
    """A fresh runner's copy of the working tree (tracked and new files, not ignored ones), tools
    linked, in a new folder under `parent`."""
    dest = parent / f"{next(_machines):02d}-{SAFE.sub('_', label)}"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not source.is_symlink() and not name.startswith(LINKED):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    for name in LINKED:
        (dest / name).symlink_to((ROOT / name).resolve())
    return dest


def base_env() -> dict:
    return {k: v for k, v in os.environ.items() if k in KEEP_ENV or not DROP_ENV.match(k)}


def run_shell(lines: list[str], cwd: Path, env: dict, timeout: int = 900) -> tuple[int, str, list[str]]:
    """The lines in one bash (errexit, pipefail); SETUP lines are left out and returned."""
    skipped = [l for l in lines if SETUP.match(l)]
    script = "set -eo pipefail\n" + "\n".join(l for l in lines if not SETUP.match(l)) + "\n"
    proc = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout + proc.stderr, skipped


def copy_into(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, symlinks=True)
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


# ================================================================================== GitLab CI
GITLAB_KEYWORDS = {"stages", "variables", "default", "include", "workflow", "image", "services", "cache",
                   "before_script", "after_script"}


class GitLab:
    def __init__(self, path: Path, work: Path, variables: dict, source: str = "schedule", pipeline_id: str = "4242"):
        self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.work, self.source = work, source
        self.predefined = {"CI_PIPELINE_ID": pipeline_id, "CI_PIPELINE_SOURCE": source, "CI": "true"}
        self.project = variables            # project variables: they override the file's
        self.caches: dict[str, Path] = {}
        self.artifacts: dict[str, list[Path]] = {}
        self.runs: list[JobRun] = []

    def job(self, name: str) -> dict:
        spec = dict(self.data[name])
        parents = spec.pop("extends", [])
        for parent in [parents] if isinstance(parents, str) else parents:
            spec = {**self.job(parent), **spec}
        return spec

    def jobs(self) -> list[str]:
        names = [k for k, v in self.data.items() if k not in GITLAB_KEYWORDS and not k.startswith(".")
                 and isinstance(v, dict)]
        order = self.data.get("stages", [])
        return sorted(names, key=lambda n: order.index(self.job(n)["stage"]))

    def _rule(self, spec: dict, failed_before: bool) -> bool:
        for rule in spec.get("rules", [{"when": "on_success"}]):
            cond = rule.get("if")
            if cond is not None:
                match = re.fullmatch(r'\$(\w+) == "([^"]*)"', cond.strip())
                if not match:
                    raise UnknownCI(f"rule {cond!r}")
                if {**self.predefined, **self.project}.get(match.group(1)) != match.group(2):
                    continue
            when = rule.get("when", spec.get("when", "on_success"))
            if when not in ("on_success", "always"):
                raise UnknownCI(f"when: {when}")
            return when == "always" or not failed_before
        return False

    def _env(self, spec: dict, matrix: dict) -> dict:
        env = {**base_env(), **self.predefined}
        for key, value in {**self.data.get("variables", {}), **spec.get("variables", {})}.items():
            env[key] = self._expand(str(value), env)
        env.update(matrix)
        env.update(self.project)
        return env

    @staticmethod
    def _expand(text: str, env: dict) -> str:
        return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), text)

    def instances(self, name: str, spec: dict) -> list[tuple[str, dict]]:
        parallel = spec.get("parallel")
        if parallel is None:
            return [(name, {})]
        if not isinstance(parallel, dict) or set(parallel) != {"matrix"}:
            raise UnknownCI(f"{name}: parallel {parallel!r}")
        out = []
        for row in parallel["matrix"]:
            keys = list(row)
            values = [row[k] if isinstance(row[k], list) else [row[k]] for k in keys]
            for combo in itertools.product(*values):
                matrix = {k: str(v) for k, v in zip(keys, combo)}
                out.append((f"{name}: [{', '.join(matrix.values())}]", matrix))
        return out

    def run(self, only: list[str] | None = None) -> list[JobRun]:
        """Every job of the pipeline (or the jobs named), stage by stage, the instances of a stage at
        once; returns the runs of this call."""
        failed, new = False, []
        for name in self.jobs():
            if only is not None and name not in only:
                continue
            spec = self.job(name)
            if not self._rule(spec, failed):
                continue
            for key in spec:
                if key not in {"stage", "image", "timeout", "before_script", "script", "rules", "parallel", "cache",
                               "artifacts", "needs", "variables"}:
                    raise UnknownCI(f"{name}: {key}")
            started = [self._start(name, label, spec, matrix) for label, matrix in self.instances(name, spec)]
            for run in (self._finish(*s) for s in started):
                new.append(run)
                failed |= run.code != 0
        self.runs += new
        return new

    def _start(self, name: str, label: str, spec: dict, matrix: dict):
        env = self._env(spec, matrix)
        work = checkout(self.work, label)
        cache = spec.get("cache")
        if cache:
            key = self._expand(cache["key"], env)
            if key in self.caches:
                for p in cache["paths"]:
                    copy_into(self.caches[key] / p, work / p)
        for need in spec.get("needs", []):
            for source in self.artifacts.get(need, []):
                copy_into(source, work)
        lines = list(spec.get("before_script", [])) + list(spec["script"])
        skipped = [l for l in lines if SETUP.match(l)]
        script = "set -eo pipefail\n" + "\n".join(l for l in lines if not SETUP.match(l)) + "\n"
        proc = subprocess.Popen(["bash", "-c", script], cwd=work, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        return name, label, spec, env, work, proc, skipped

    def _finish(self, name, label, spec, env, work, proc, skipped) -> JobRun:
        log = proc.communicate(timeout=900)[0]
        code = proc.returncode
        cache = spec.get("cache")
        if cache and cache.get("policy", "pull-push") != "pull" and (code == 0 or cache.get("when") == "always"):
            key = self._expand(cache["key"], env)
            store = self.work / "cache" / key
            for p in cache["paths"]:
                copy_into(work / p, store / p)
            self.caches[key] = store
        artifacts = spec.get("artifacts")
        if artifacts and (code == 0 or artifacts.get("when") == "always"):
            store = self.work / "artifacts" / SAFE.sub("_", label)
            for p in artifacts["paths"]:
                copy_into(work / self._expand(p, env), store / self._expand(p, env))
            self.artifacts.setdefault(name, []).append(store)
        return JobRun(label, work, code, log, skipped)


# ============================================================================== GitHub Actions
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class GitHub:
    def __init__(self, path: Path, work: Path, variables: dict, secrets: dict, run_id: str = "4242"):
        self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.work = work
        self.context = {"vars": variables, "secrets": secrets, "github": {"run_id": run_id}}
        self.caches: dict[str, Path] = {}
        self.artifacts: dict[str, Path] = {}
        self.runs: list[JobRun] = []

    # --- expressions
    def value(self, expr: str, ctx: dict) -> str:
        expr = expr.strip()
        if "||" in expr:
            for part in expr.split("||"):
                got = self.value(part, ctx)
                if got:
                    return got
            return ""
        if re.fullmatch(r"'[^']*'", expr):
            return expr[1:-1]
        if re.fullmatch(r"[\w-]+(\.[\w-]+)+", expr):
            node = ctx
            for part in expr.split("."):
                node = node.get(part, "") if isinstance(node, dict) else ""
            return str(node) if node is not None else ""
        raise UnknownCI(f"expression {expr!r}")

    def text(self, text: str, ctx: dict) -> str:
        return EXPR.sub(lambda m: self.value(m.group(1), ctx), str(text))

    def condition(self, cond, ctx: dict, failed: bool) -> bool:
        if cond is None:
            return not failed
        expr = EXPR.fullmatch(str(cond).strip())
        expr = expr.group(1) if expr else str(cond)
        status = None
        result = True
        for term in (t.strip() for t in expr.split("&&")):
            if term in ("always()", "!cancelled()"):
                status = True
            elif term == "success()":
                status = not failed
            elif (m := re.fullmatch(r"([\w.-]+)\s*==\s*'([^']*)'", term)):
                result &= self.value(m.group(1), ctx) == m.group(2)
            else:
                raise UnknownCI(f"if: {cond!r}")
        return result and (status if status is not None else not failed)

    # --- jobs
    def run(self) -> list[JobRun]:
        done: dict[str, bool] = {}
        for name, spec in self.data["jobs"].items():
            needs = spec.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            failed_before = any(not done[n] for n in needs)
            if not self.condition(spec.get("if"), self.context, failed_before):
                continue
            matrix = (spec.get("strategy") or {}).get("matrix") or {}
            keys = list(matrix)
            combos = [dict(zip(keys, c)) for c in itertools.product(*(matrix[k] for k in keys))] or [{}]
            started = [self._start(name, spec, m, len(combos)) for m in combos]
            with ThreadPoolExecutor(max_workers=len(started)) as pool:   # the instances at once, as on runners
                results = list(pool.map(lambda s: self._finish(*s), started))
            self.runs += results
            done[name] = all(r.code == 0 for r in results)
        return self.runs

    def _start(self, name: str, spec: dict, matrix: dict, total: int):
        label = f"{name} ({', '.join(str(v) for v in matrix.values())})" if matrix else name
        work = checkout(self.work, label)
        ctx = {**self.context, "matrix": matrix, "strategy": {"job-total": total}, "steps": {}}
        env = base_env()
        for level in (self.data.get("env", {}), spec.get("env", {})):
            for key, value in level.items():
                env[key] = self.text(value, ctx)
        shell = ((self.data.get("defaults") or {}).get("run") or {}).get("shell")
        if shell != "bash":
            raise UnknownCI(f"defaults.run.shell {shell!r}")
        return label, spec, ctx, env, work

    def _finish(self, label, spec, ctx, env, work) -> JobRun:
        log, failed, skipped = [], False, []
        for step in spec["steps"]:
            if not self.condition(step.get("if"), ctx, failed):
                continue
            outcome = "success"
            if "uses" in step:
                self._action(step, ctx, work)
            else:
                step_env = {**env, **{k: self.text(v, ctx) for k, v in (step.get("env") or {}).items()}}
                output = work.parent / f"{work.name}.output"
                output.write_text("", encoding="utf-8")
                step_env["GITHUB_OUTPUT"] = str(output)
                if EXPR.search(step["run"]):
                    raise UnknownCI(f"{step.get('name')}: an expression inside run (use env)")
                code, text, skip = run_shell(step["run"].splitlines(), work, step_env)
                skipped += skip
                log.append(f"--- {step.get('name', step['run'][:40])} (exit {code})\n{text}")
                outputs = dict(l.split("=", 1) for l in output.read_text(encoding="utf-8").splitlines() if "=" in l)
                if code != 0:
                    outcome, failed = "failure", True
                if step.get("id"):
                    ctx["steps"][step["id"]] = {"outcome": outcome, "outputs": outputs}
        return JobRun(label, work, int(failed), "\n".join(log), skipped)

    def _action(self, step: dict, ctx: dict, work: Path) -> None:
        action = step["uses"].split("@")[0]
        args = {k: self.text(v, ctx) for k, v in (step.get("with") or {}).items()}
        if action == "actions/checkout":
            return
        if action == "actions/cache/restore":
            keys = [args["key"]] + [k for k in args.get("restore-keys", "").splitlines() if k]
            for key in keys:
                hits = sorted(k for k in self.caches if k == key or k.startswith(key))
                if hits:
                    copy_into(self.caches[hits[-1]], work / args["path"])
                    return
            return
        if action == "actions/cache/save":
            if args["key"] not in self.caches:        # an Actions cache is never overwritten
                self.caches[args["key"]] = self.work / "cache" / args["key"]
                copy_into(work / args["path"], self.caches[args["key"]])
            return
        if action == "actions/upload-artifact":
            if args["name"] in self.artifacts:
                raise UnknownCI(f"artifact {args['name']} uploaded twice (v4 refuses)")
            self.artifacts[args["name"]] = self.work / "artifacts" / args["name"]
            copy_into(work / args["path"], self.artifacts[args["name"]])
            return
        if action == "actions/download-artifact":
            if args.get("merge-multiple") != "True" and args.get("merge-multiple") != "true":
                raise UnknownCI("download-artifact without merge-multiple")
            for name in sorted(n for n in self.artifacts if fnmatch.fnmatch(n, args["pattern"])):
                copy_into(self.artifacts[name], work / args["path"])
            return
        raise UnknownCI(f"action {step['uses']}")
