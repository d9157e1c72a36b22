#!/usr/bin/env python3
"""Chaos scenarios against the built furetd and furet (see Tools/chaos).

Each scenario starts real daemons in a private temporary folder, attacks them as a hostile
client or as bad luck would, and says whether the daemon held, with the numbers measured.
Targets are those of issue 15: zero crashes and hangs, worst probe latency under four hostile
queries <= 1 s, any query answered or refused within 2 s, RSS growth <= 200 MB, SIGTERM ->
exit <= 5 s, and after a full disk is freed every file indexed without a restart.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SIGTERM_LIMIT = 5.0
PROBE_LIMIT = 1.0
QUERY_LIMIT = 2.0
RSS_GROWTH_LIMIT_MB = 200


class Failed(Exception):
    """A scenario's target was missed; the message says which, with the numbers."""


# MARK: - Talking to a daemon


def connect(path, timeout=10.0):
    """A connection to `path`, retried while the listen backlog is full (EAGAIN)."""
    deadline = time.monotonic() + (timeout or 10.0)
    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(timeout)
        try:
            client.connect(path)
            return client
        except BlockingIOError:
            client.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def read_line(client):
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    return json.loads(data)


def rpc(path, method, params=None, timeout=10.0):
    """One request on a fresh connection: the decoded reply (with `result` or `error`)."""
    request = {"jsonrpc": "2.0", "id": 1, "method": method}
    if params is not None:
        request["params"] = params
    with connect(path, timeout) as client:
        client.sendall(json.dumps(request).encode() + b"\n")
        return read_line(client)


def result(path, method, params=None, timeout=10.0):
    """The `result` of one request; an error reply fails the scenario with its code and message."""
    reply = rpc(path, method, params, timeout)
    if "result" not in reply:
        raise Failed("%s answered %s" % (method, json.dumps(reply.get("error", reply), ensure_ascii=False)))
    return reply["result"]


class Daemon:
    """A furetd process with its own socket, index and log."""

    def __init__(self, bin_dir, work, roots=(), index=None, socket_path=None):
        self.socket = socket_path or os.path.join(work, "run", "furet.sock")
        self.index = index or os.path.join(work, "index", "index.sqlite")
        self.log_path = os.path.join(work, "furetd-%d.log" % int(time.time() * 1000))
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [os.path.join(bin_dir, "furetd"), "--socket", self.socket, "--index", self.index, *roots],
            stdout=subprocess.DEVNULL, stderr=self.log_file)

    @property
    def log(self):
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", "replace")

    def alive(self):
        return self.process.poll() is None

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                raise Failed("furetd exited with %s at start: %s" % (self.process.returncode, self.log[-400:]))
            try:
                if "result" in rpc(self.socket, "status", timeout=2):
                    return
            except OSError:
                time.sleep(0.05)
        raise Failed("furetd did not answer within %d s" % seconds)

    def status(self, timeout=10):
        return result(self.socket, "status", timeout=timeout)

    def wait_idle(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = self.status()
            if status["pending"] == 0:
                return status
            time.sleep(0.05)
        raise Failed("still pending after %d s: %s" % (seconds, self.status()))

    def search_total(self, query):
        """The query's total. A search the deadline stopped (-32009: this machine under load,
        a debug build) is asked again, up to three times: the totals are what is checked here,
        latency is the hostile-queries scenario's."""
        for _ in range(3):
            reply = rpc(self.socket, "search", {"query": query})
            if reply.get("error", {}).get("code") != -32009:
                break
        if "result" not in reply:
            raise Failed("search answered %s" % json.dumps(reply.get("error", reply), ensure_ascii=False))
        return reply["result"]["total"]

    def rss_mb(self):
        with open("/proc/%d/status" % self.process.pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def terminate(self, limit=SIGTERM_LIMIT):
        """SIGTERM, then the seconds until exit; fails past `limit` (and kills)."""
        start = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=max(limit, 1) * 3)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise Failed("SIGTERM: still running after %.1f s (killed)" % (time.monotonic() - start))
        elapsed = time.monotonic() - start
        self.log_file.close()
        if elapsed > limit:
            raise Failed("SIGTERM: exit after %.2f s (limit %.0f s)" % (elapsed, limit))
        if code != 0:
            raise Failed("SIGTERM: exit status %d" % code)
        return elapsed

    def kill9(self):
        self.process.kill()
        self.process.wait()
        self.log_file.close()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def sample_docs(work, count, words_from=None):
    """`count` small French documents under work/docs, each with a unique word `jetonN`."""
    words = "le cheval blanc traverse la plaine sous un ciel de plomb et la pluie tombe".split()
    for number in range(count):
        body = " ".join(random.choice(words) for _ in range(40))
        write(os.path.join(work, "docs", "d%03d" % (number // 100), "doc%05d.txt" % number),
              "Document %d\n%s jeton%d\n" % (number, body, number))
    return os.path.join(work, "docs")


def corpus(options, name):
    path = os.path.join(options.corpora, name)
    if not os.path.isdir(path):
        raise Failed("corpus %s missing (FURET_CORPORA=%s); run Tools/bench --only corpora" % (name, options.corpora))
    return path


# MARK: - Scenarios


def socket_folder(options, work):
    """A socket folder open to others, a symlink, or another user's is refused; furet refuses
    a daemon of another user."""
    details = []
    cases = {"0777 folder": os.path.join(work, "open"), "symlinked folder": os.path.join(work, "link")}
    os.mkdir(cases["0777 folder"])
    os.chmod(cases["0777 folder"], 0o777)
    os.mkdir(os.path.join(work, "private"), 0o700)
    os.symlink(os.path.join(work, "private"), cases["symlinked folder"])
    if os.geteuid() == 0:
        foreign = os.path.join(work, "foreign")
        os.mkdir(foreign, 0o700)
        os.chown(foreign, 65534, 65534)
        cases["folder of another user"] = foreign
    else:
        cases["folder of another user (/)"] = "/"
    for name, folder in cases.items():
        start = time.monotonic()
        daemon = Daemon(options.bin, work, socket_path=os.path.join(folder, "furet.sock"))
        try:
            code = daemon.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill9()
            raise Failed("%s: furetd served in it" % name)
        if code != 1 or "refusing to serve" not in daemon.log:
            raise Failed("%s: exit %d, log: %s" % (name, code, daemon.log[-300:]))
        details.append("%s refused in %.2f s" % (name, time.monotonic() - start))
    if os.geteuid() == 0:
        details.append(foreign_daemon(options, work))
    else:
        details.append("foreign peer not tried (needs root to run a server as another user)")
    return "; ".join(details)


def foreign_daemon(options, work):
    """A server run as user 65534 on a socket the client is pointed at: furet must refuse it."""
    # Outside `work` (0700), where the other user can reach it.
    folder = tempfile.mkdtemp(prefix="furet-chaos-shared-")
    os.chmod(folder, 0o777)
    path = os.path.join(folder, "furet.sock")
    ready = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.setgid(65534)
            os.setuid(65534)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            os.umask(0)
            server.bind(path)
            server.listen(1)
            os.write(ready[1], b"x")
            connection, _ = server.accept()
            connection.settimeout(5)
            captured = connection.recv(65536)
            # Exit status 3: the client sent its query to a stranger.
            os._exit(3 if captured else 0)
        except BaseException:
            os._exit(4)
    os.close(ready[1])
    try:
        if os.read(ready[0], 1) != b"x":
            raise Failed("could not run a server as uid 65534")
        result = subprocess.run([os.path.join(options.bin, "furet"), "search", "--socket", path, "secret"],
                                capture_output=True, timeout=10)
    finally:
        os.close(ready[0])
        _, status = os.waitpid(child, 0)
        shutil.rmtree(folder, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) == 3:
        raise Failed("furet sent its query to a daemon of another user")
    if result.returncode != 2 or b"another user" not in result.stderr:
        raise Failed("furet against a foreign daemon: exit %d, %s" % (result.returncode, result.stderr[-200:]))
    return "furet refused a daemon of uid 65534, query not sent"


def hostile_json(options, work):
    """Malformed, deeply nested, non-UTF-8 and overlong lines: each answered, daemon intact."""
    daemon = Daemon(options.bin, work, roots=[options.sample])
    daemon.wait_ready()
    documents = daemon.wait_idle()["documents"]
    lines = {
        "100,000-deep array": b"[" * 100_000,
        "100,000-deep object": b'{"a":' * 100_000,
        "deep params": b'{"jsonrpc":"2.0","id":1,"method":"search","params":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "invalid UTF-8": b'{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"\xff\xfe"}}',
        "NUL bytes": b'{"jsonrpc":"2.0","id":1,"method":"\x00"}',
        "huge id": b'{"jsonrpc":"2.0","id":1e999,"method":"status"}',
        "not an object": b"42",
        "garbage": bytes(random.randrange(1, 256) for _ in range(10_000)).replace(b"\n", b" "),
    }
    codes = {}
    for name, line in lines.items():
        with connect(daemon.socket) as client:
            client.sendall(line + b"\n")
            reply = read_line(client)
            if reply is None or "error" not in reply:
                raise Failed("%s: no error reply (%s)" % (name, reply))
            codes[name] = reply["error"]["code"]
    with connect(daemon.socket) as client:
        # The daemon answers and closes after 1 MiB: the rest of the line meets a closed socket.
        threading.Thread(target=_ignore_errors, args=(client.sendall, b"x" * (2 << 20) + b"\n"), daemon=True).start()
        reply = read_line(client)
        if reply is None or reply["error"]["code"] != -32005:
            raise Failed("2 MiB line: %s" % reply)
    # Pipelined: 10,000 bad lines on one connection, every one answered in order.
    with connect(daemon.socket, timeout=30) as client:
        payload = b"".join(b'{"jsonrpc":"2.0","id":%d,"method":"nope"}\n' % n for n in range(10_000))
        sender = threading.Thread(target=client.sendall, args=(payload,))
        sender.start()
        answered = 0
        buffer = b""
        while answered < 10_000:
            chunk = client.recv(1 << 20)
            if not chunk:
                break
            buffer += chunk
            answered += chunk.count(b"\n")
        sender.join()
    if answered != 10_000:
        raise Failed("10,000 pipelined bad requests: %d answered" % answered)
    if not daemon.alive() or daemon.status()["documents"] != documents:
        raise Failed("daemon damaged by hostile JSON")
    elapsed = daemon.terminate()
    return "%d kinds answered with codes %s, 2 MiB line -32005, 10,000 pipelined answered; SIGTERM %.2f s" % (
        len(lines), sorted(set(codes.values())), elapsed)


def fifos(options, work):
    """FIFOs in a root, and files swapped for FIFOs while they are indexed: indexing goes on,
    pending reaches 0, a later file is indexed, SIGTERM exits in time."""
    docs = sample_docs(work, 1500)
    os.mkfifo(os.path.join(docs, "tube.txt"))
    daemon = Daemon(options.bin, work, roots=[docs])
    daemon.wait_ready()
    swapped = 0
    for number in range(0, 1500, 10):
        path = os.path.join(docs, "d%03d" % (number // 100), "doc%05d.txt" % number)
        os.unlink(path)
        os.mkfifo(path)
        swapped += 1
    write(os.path.join(docs, "fin.txt"), "Le dernier fichier: jetonfinal\n")
    start = time.monotonic()
    status = daemon.wait_idle(seconds=60)
    if daemon.search_total("jetonfinal") != 1:
        raise Failed("a file written after the FIFOs was not indexed")
    idle = time.monotonic() - start
    elapsed = daemon.terminate()
    return "%d files swapped for FIFOs during indexing; idle after %.1f s with %d documents; SIGTERM %.2f s" % (
        swapped, idle, status["documents"], elapsed)


def idle_connections(options, work):
    """512 idle connections and some stopped mid-request: a new client is served at once;
    SIGTERM still exits in time."""
    daemon = Daemon(options.bin, work, roots=[options.sample])
    daemon.wait_ready()
    daemon.wait_idle()
    idle = []
    for number in range(512):
        client = connect(daemon.socket)
        if number % 8 == 0:
            client.sendall(b'{"jsonrpc":"2.0","id":1,"meth')
        idle.append(client)
    time.sleep(0.3)
    start = time.monotonic()
    reply = rpc(daemon.socket, "status", timeout=5)
    latency = time.monotonic() - start
    if "result" not in reply or latency > PROBE_LIMIT:
        raise Failed("new client after 512 idle ones: %.2f s, %s" % (latency, reply))
    if "connection limit reached" not in daemon.log:
        raise Failed("the closed idle connection was not logged")
    elapsed = daemon.terminate()
    for client in idle:
        client.close()
    return "new client served in %.0f ms beside 512 idle (64 mid-request), eviction logged; SIGTERM %.2f s" % (
        latency * 1000, elapsed)


def sigterm_deaf_client(options, work):
    """A client that pipelines requests and never reads its replies."""
    daemon = Daemon(options.bin, work, roots=[options.sample])
    daemon.wait_ready()
    daemon.wait_idle()
    client = connect(daemon.socket, timeout=None)
    payload = b'{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"rapport"}}\n' * 50_000
    threading.Thread(target=lambda: _ignore_errors(client.sendall, payload), daemon=True).start()
    time.sleep(1)
    elapsed = daemon.terminate()
    client.close()
    return "SIGTERM with a client reading none of its replies: exit 0 after %.2f s" % elapsed


def sigterm_long_queries(options, work):
    """Four clients each waiting for an expensive query (`de` x1,000) when SIGTERM comes."""
    daemon = Daemon(options.bin, work, roots=[options.sample])
    daemon.wait_ready()
    daemon.wait_idle()
    query = {"query": " ".join(["de"] * 1000)}
    for _ in range(4):
        threading.Thread(target=_ignore_errors, args=(rpc, daemon.socket, "search", query, 60), daemon=True).start()
    time.sleep(0.5)
    elapsed = daemon.terminate()
    return "SIGTERM with 4 expensive queries running: exit 0 after %.2f s" % elapsed


def _ignore_errors(function, *arguments):
    try:
        function(*arguments)
    except OSError:
        pass


def hostile_queries(options, work):
    """Four clients sending expensive queries, a probe searching `cheval` meanwhile."""
    daemon = Daemon(options.bin, work, roots=[corpus(options, "eltec-fr")])
    daemon.wait_ready()
    daemon.wait_idle(seconds=600)
    time.sleep(1)
    rss_before = daemon.rss_mb()
    words = corpus_words(corpus(options, "eltec-fr"), 10_000)
    megabyte = ("cheval plaine maison " * 50_000)[:1_000_000]
    queries = {
        "de x1,000": {"query": " ".join(["de"] * 1000)},
        "10,000 OR terms": {"query": " OR ".join(words)},
        "1 MB query": {"query": megabyte},
        "offset 2^63-1": {"query": "cheval", "offset": 2**63 - 1},
    }
    worst = {}
    stop = threading.Event()

    def hostile(name, params):
        worst[name] = 0.0
        while not stop.is_set():
            start = time.monotonic()
            try:
                rpc(daemon.socket, "search", params, timeout=20)
                worst[name] = max(worst[name], time.monotonic() - start)
            except (OSError, TypeError, ValueError):
                worst[name] = max(worst[name], time.monotonic() - start)
                time.sleep(0.2)

    probe = []
    peak = [rss_before]

    def probing():
        while not stop.is_set():
            start = time.monotonic()
            try:
                rpc(daemon.socket, "search", {"query": "cheval"}, timeout=30)
                probe.append(time.monotonic() - start)
            except OSError:
                probe.append(float("inf"))
                time.sleep(0.2)
            if daemon.alive():
                peak[0] = max(peak[0], daemon.rss_mb())
            time.sleep(0.05)

    threads = [threading.Thread(target=hostile, args=item, daemon=True) for item in queries.items()]
    threads.append(threading.Thread(target=probing, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(options.hostile_seconds)
    alive = daemon.alive()
    stop.set()
    problems = []
    if not alive:
        problems.append("furetd died (exit %s)" % daemon.process.returncode)
    worst_probe = max(probe) if probe else float("inf")
    if worst_probe > PROBE_LIMIT:
        problems.append("worst probe %.2f s > %.0f s" % (worst_probe, PROBE_LIMIT))
    slow = {name: seconds for name, seconds in worst.items() if seconds > QUERY_LIMIT}
    if slow:
        problems.append("answered after > %.0f s: %s" % (QUERY_LIMIT, ", ".join("%s %.1f s" % item for item in slow.items())))
    growth = peak[0] - rss_before
    if growth > RSS_GROWTH_LIMIT_MB:
        problems.append("RSS growth %.0f MB > %d MB" % (growth, RSS_GROWTH_LIMIT_MB))
    term = "not tried (dead)"
    if alive:
        # SIGTERM while the hostile queries are still being answered.
        stop.clear()
        for name, params in queries.items():
            threading.Thread(target=hostile, args=(name, params), daemon=True).start()
        time.sleep(0.5)
        stop.set()
        try:
            term = "%.2f s" % daemon.terminate()
        except Failed as error:
            problems.append(str(error))
    detail = "probe worst %.2f s (%d probes); worst per query: %s; RSS %.0f -> peak %.0f MB; SIGTERM %s" % (
        worst_probe, len(probe), ", ".join("%s %.2f s" % item for item in worst.items()), rss_before, peak[0], term)
    if problems:
        raise Failed("; ".join(problems) + " | " + detail)
    return detail


def corpus_words(root, count):
    """`count` distinct alphabetic words of the corpus, for long ordinary queries."""
    words = set()
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as file:
                words.update(word for word in file.read().split() if word.isalpha())
            if len(words) >= count:
                return sorted(words)[:count]
    return sorted(words)


def kill9_loops(options, work):
    """kill -9 during bulk indexing and during the merge, five times each: restart clean,
    nothing lost."""
    root = corpus(options, "debian-fr")
    reference_work = os.path.join(work, "reference")
    os.mkdir(reference_work, 0o700)
    reference = Daemon(options.bin, reference_work, roots=[root])
    reference.wait_ready()
    start = time.monotonic()
    expected = reference.wait_idle(seconds=900)["documents"]
    build = time.monotonic() - start
    probes = {word: reference.search_total(word) for word in ("paquet", "configuration", "serveur")}
    reference.terminate(limit=30)
    kills = []
    for round_number in range(10):
        daemon = Daemon(options.bin, work, roots=[root])
        daemon.wait_ready()
        if round_number < 5:
            # During bulk indexing: somewhere in the first part of a build.
            time.sleep(random.uniform(0.2, max(0.5, build * 0.6)))
            kills.append("indexing" if daemon.status()["pending"] else "idle")
        else:
            # Right after the last job: the segments are being merged.
            daemon.wait_idle(seconds=900)
            time.sleep(random.uniform(0, 0.3))
            kills.append("merge")
        daemon.kill9()
    daemon = Daemon(options.bin, work)
    daemon.wait_ready()
    status = daemon.wait_idle(seconds=900)
    found = {word: daemon.search_total(word) for word in probes}
    daemon.terminate(limit=30)
    if status["documents"] != expected or found != probes:
        raise Failed("after 10 kill -9: %d documents (expected %d), searches %s vs %s" % (
            status["documents"], expected, found, probes))
    return "10 kill -9 (%s) over a %d-document build (%.1f s); restart clean, %d documents, same hits" % (
        ", ".join("%d %s" % (kills.count(kind), kind) for kind in sorted(set(kills))), expected, build, expected)


def disk_full(options, work):
    """The index on a small tmpfs fills up during a build; then space is freed: status must
    show it meanwhile, `index` answer -32003, and every file be indexed without a restart."""
    if os.geteuid() != 0:
        raise Failed("not run: mounting a tmpfs needs root")
    root = corpus(options, "debian-fr")
    mount = os.path.join(work, "small")
    os.mkdir(mount, 0o700)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m,mode=0700", "tmpfs", mount], check=True)
    try:
        reference_work = os.path.join(work, "reference")
        os.mkdir(reference_work, 0o700)
        reference = Daemon(options.bin, reference_work, roots=[root])
        reference.wait_ready()
        expected = reference.wait_idle(seconds=900)["documents"]
        reference.terminate(limit=30)
        daemon = Daemon(options.bin, work, roots=[root], index=os.path.join(mount, "index", "index.sqlite"))
        daemon.wait_ready()
        problems = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = daemon.status()
            if status.get("errors") or status["pending"] == 0:
                break
            time.sleep(0.2)
        seen = json.dumps(status.get("errors"))
        if not status.get("errors"):
            problems.append("status shows no error on a full disk (pending %d, %d of %d documents)" % (
                status["pending"], status["documents"], expected))
        if status["pending"] == 0 and status["documents"] < expected:
            problems.append("pending 0 with %d of %d documents" % (status["documents"], expected))
        extra = os.path.join(work, "extra")
        write(os.path.join(extra, "a.txt"), "Un fichier de plus.")
        reply = rpc(daemon.socket, "index", {"paths": [extra]})
        if reply.get("error", {}).get("code") != -32003:
            problems.append("index on a full disk answered %s" % json.dumps(reply)[:120])
        subprocess.run(["mount", "-o", "remount,size=1g", mount], check=True)
        freed = time.monotonic()
        try:
            final = daemon.wait_idle(seconds=180)
        except Failed as error:
            final = {"documents": -1}
            problems.append(str(error))
        recovered = time.monotonic() - freed
        if final["documents"] < expected:
            problems.append("after freeing space: %d of %d documents, no restart" % (final["documents"], expected))
        daemon.terminate(limit=30)
        detail = "full at %d of %d documents, errors %s; recovered in %.1f s after the space came back" % (
            status["documents"], expected, seen, recovered)
        if problems:
            raise Failed("; ".join(problems) + " | " + detail)
        return detail
    finally:
        subprocess.run(["umount", "-l", mount])


def corrupted_index(options, work):
    """Pages of the index overwritten while the daemon is stopped: detected at start, the file
    set aside, the index rebuilt from the roots and the damage reported in status."""
    daemon = Daemon(options.bin, work, roots=[options.sample])
    daemon.wait_ready()
    expected = daemon.wait_idle()["documents"]
    daemon.terminate()
    size = os.path.getsize(daemon.index)
    with open(daemon.index, "r+b") as index:
        for offset in range(4096, size, 4096 * 3):
            index.seek(offset + 100)
            index.write(os.urandom(1500))
    restarted = Daemon(options.bin, work)
    try:
        restarted.wait_ready()
    except Failed as error:
        log = restarted.log
        if daemon.index in log and "remove" in log.lower():
            raise Failed("refused to start (message names the path and a remedy), no repair: " + log[-200:])
        raise Failed("start on a corrupt index: %s" % error)
    status = restarted.wait_idle()
    aside = [name for name in os.listdir(os.path.dirname(daemon.index))
             if "corrupt" in name and not name.endswith(("-wal", "-shm"))]
    problems = []
    if status["documents"] != expected:
        problems.append("%d of %d documents after the start" % (status["documents"], expected))
    if not aside:
        problems.append("the damaged file was not set aside")
    if not status.get("errors"):
        problems.append("status does not report the damage")
    restarted.terminate()
    if problems:
        raise Failed("; ".join(problems))
    return "detected at start, set aside as %s, rebuilt: %d documents" % (aside[0], expected)


SCENARIOS = [
    # name, function, fast
    ("socket folder", socket_folder, True),
    ("hostile JSON", hostile_json, True),
    ("FIFOs", fifos, True),
    ("idle connections", idle_connections, True),
    ("SIGTERM, deaf client", sigterm_deaf_client, True),
    ("SIGTERM, long queries", sigterm_long_queries, True),
    ("corrupted index", corrupted_index, False),
    ("hostile queries", hostile_queries, False),
    ("kill -9 loops", kill9_loops, False),
    ("disk full", disk_full, False),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the folder holding furetd and furet")
    parser.add_argument("--fast", action="store_true", help="the quick scenarios only")
    parser.add_argument("--only", nargs="*", help="scenarios whose name contains one of these")
    parser.add_argument("--hostile-seconds", type=float, default=20)
    options = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    options.sample = os.path.join(here, "..", "..", "Tests", "SampleCorpus", "documents")
    options.sample = os.path.realpath(options.sample)
    options.corpora = os.environ.get("FURET_CORPORA", os.path.join(here, "..", "..", "Index", "corpora"))
    rows = []
    for name, scenario, fast in SCENARIOS:
        if options.fast and not fast:
            continue
        if options.only and not any(part in name for part in options.only):
            continue
        work = tempfile.mkdtemp(prefix="furet-chaos-")
        start = time.monotonic()
        print("… %s" % name, file=sys.stderr, flush=True)
        try:
            detail, held = scenario(options, work), True
        except Failed as error:
            detail, held = str(error), False
        except Exception as error:  # an unexpected failure of the scenario is a failure too
            detail, held = "%s: %s" % (type(error).__name__, error), False
        finally:
            for process in _children():
                os.kill(process, signal.SIGKILL)
            shutil.rmtree(work, ignore_errors=True)
        rows.append((name, held, "%s (%.1f s)" % (detail, time.monotonic() - start)))
    width = max(len(name) for name, _, _ in rows)
    print("%s | %-6s | %s" % ("scenario".ljust(width), "result", "detail"))
    for name, held, detail in rows:
        print("%s | %-6s | %s" % (name.ljust(width), "held" if held else "FAILED", detail))
    failed = sum(not held for _, held, _ in rows)
    print("chaos: %d held, %d failed" % (len(rows) - failed, failed))
    return 1 if failed else 0


def _children():
    """furetd processes this script started and left running (after a failed scenario)."""
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if fields[1] == me:
                    with open("/proc/%s/comm" % entry) as comm:
                        if comm.read().strip() == "furetd":
                            found.append(int(entry))
            except OSError:
                continue
    return found


if __name__ == "__main__":
    sys.exit(main())
