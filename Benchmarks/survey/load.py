#!/usr/bin/env python3
"""Reliability and throughput of laeval-server's survey under load (issue 10).

153 LAs x 3 respondents each complete a 40-question survey (8 pages of 5) concurrently over
loopback, with a bounded number of workers and a time limit. Every page save the server
acknowledges (a 303 redirect after the POST) is recorded; afterwards the survey is exported with
`laeval-server survey export --format long` and every acknowledged answer must be stored exactly
once. With --kill-after S the server is killed with SIGKILL S seconds into the load, restarted on
the same database, and every answer acknowledged before the kill must be there.

Usage (from the repository root, after `swift build -c release --package-path Server`):
  python3 Benchmarks/survey/load.py --server Server/.build/release/laeval-server --study STUDY [--kill-after 5]
"""
import argparse, csv, http.client, os, random, re, signal, statistics, subprocess, sys, tempfile, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_server(args, database, port):
    env = dict(os.environ, LAEVAL_DATABASE=database)
    process = subprocess.Popen([args.server, "serve", args.study, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("the server did not start")


class Respondent:
    def __init__(self, link, rng):
        self.path = urllib.parse.urlparse(link).path
        self.rng = rng


def answers_for(page, rng):
    values = {}
    for k in range(5):
        q = page * 5 + k + 1
        kind = ["single", "likert", "likert", "number", "text"][k]
        values[f"q{q}"] = {"single": rng.choice(["yes", "no", "unsure"]), "likert": str(rng.randint(1, 5)),
                           "number": str(rng.randint(0, 1000)), "text": f"note {q} {rng.randint(0, 10**6)}"}[kind]
    return values


def complete(respondent, port, acknowledged, latencies, lock, deadline):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    def request(method, path, body=None):
        start = time.perf_counter()
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        with lock:
            latencies.append(time.perf_counter() - start)
        return response.status, response.getheader("Location"), data.decode("utf-8", "replace")
    try:
        status, _, page = request("GET", respondent.path + "/page/p1")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        for p in range(8):
            if time.time() > deadline:
                return
            values = answers_for(p, respondent.rng)
            body = urllib.parse.urlencode([("csrf", csrf)] + list(values.items()) + [("action", "continue")])
            status, location, _ = request("POST", f"{respondent.path}/page/p{p + 1}", body)
            if status == 303:
                with lock:
                    acknowledged[(respondent.path, p)] = values
            request("GET", location or respondent.path)
        status, _, _ = request("POST", respondent.path + "/submit", urllib.parse.urlencode([("csrf", csrf)]))
    except (OSError, http.client.HTTPException, AttributeError):
        return  # the server was killed: what was acknowledged before counts


def verify(args, database, acknowledged, token_of_ref):
    out = tempfile.mktemp(suffix=".csv")
    run([args.server, "survey", "export", "--format", "long", "--out", out, "--database", database])
    stored = {}
    with open(out) as f:
        for row in csv.DictReader(f):
            key = (row["respondent_id"], row["question_id"])
            stored.setdefault(key, []).append(row["value"])
    missing = duplicated = wrong = 0
    for (path, page), values in acknowledged.items():
        ref = token_of_ref[path]
        for question, value in values.items():
            got = stored.get((ref, question), [])
            if len(got) == 0:
                missing += 1
            elif len(got) > 1:
                duplicated += 1
            elif got[0] != value and got[0] != "'" + value:
                wrong += 1
    return missing, duplicated, wrong, sum(len(v) for v in acknowledged.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--study", required=True)
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--time-limit", type=float, default=300)
    parser.add_argument("--kill-after", type=float, default=None)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--database", default=None, help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    database = args.database or f"sqlite:{folder}/survey.sqlite"
    las = sorted(set(re.findall(r"^(E\d{8}),", open(os.path.join(args.study, "local_authorities.csv")).read(), re.M)))[:153]
    people = os.path.join(folder, "people.csv")
    with open(people, "w") as f:
        f.write("la_code,role,email\n")
        for la in las:
            for k in range(3):
                f.write(f"{la},respondent {k + 1},r{k + 1}@{la.lower()}.example\n")
    run([args.server, "survey", "create-wave", "--number", "1", "--title", "Load test", "--questionnaire", os.path.join(HERE, "questionnaire-40.yaml"),
         "--opens", "2026-01-01", "--closes", "2030-12-31", "--database", database])
    links_file = os.path.join(folder, "links.csv")
    run([args.server, "survey", "links", "--wave", "1", "--people", people, "--out", links_file, "--base-url", f"http://127.0.0.1:{args.port}", "--database", database])
    with open(links_file) as f:
        rows = list(csv.DictReader(f))
    token_of_ref = {urllib.parse.urlparse(r["link"]).path: r["respondent_id"] for r in rows}
    rng = random.Random(20261207)
    respondents = [Respondent(r["link"], random.Random(rng.random())) for r in rows]
    server = start_server(args, database, args.port)
    acknowledged, latencies, lock = {}, [], threading.Lock()
    deadline = time.time() + args.time_limit
    killer = None
    if args.kill_after is not None:
        def kill():
            time.sleep(args.kill_after)
            server.send_signal(signal.SIGKILL)
        killer = threading.Thread(target=kill)
        killer.start()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for r in respondents:
            pool.submit(complete, r, args.port, acknowledged, latencies, lock, deadline)
    elapsed = time.perf_counter() - start
    if killer:
        killer.join()
        server.wait()
        server = start_server(args, database, args.port)  # restart on the same database
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    missing, duplicated, wrong, total = verify(args, database, acknowledged, token_of_ref)
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    store = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    mode = f"{store}; " + (f"SIGKILL after {args.kill_after:g} s, restarted" if args.kill_after is not None else "no kill")
    print(f"mode: {mode}; respondents {len(respondents)}; workers {args.workers}; requests {len(lat)} in {elapsed:.2f} s "
          f"({len(lat) / elapsed:.0f} requests/s); latency p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms; "
          f"acknowledged page saves {len(acknowledged)} ({total} answers); missing {missing}, duplicated {duplicated}, wrong {wrong}")
    sys.exit(1 if missing or duplicated or wrong else 0)


if __name__ == "__main__":
    main()
