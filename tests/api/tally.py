"""What the fuzz test sent and what it found, per persona, for the summary at the end of the run."""

from collections import defaultdict
from dataclasses import dataclass, field

# Kinds of finding, in the order the summary lists them.
SERVER_ERROR = "server error"
BYPASS = "authorisation bypass"
SCHEMA_MISMATCH = "schema mismatch"
KINDS = (SERVER_ERROR, BYPASS, SCHEMA_MISMATCH)

UNDOCUMENTED_STATUS = "Undocumented status code"


@dataclass
class Finding:
    request: str  # a command that sends the shortest such request again (credentials left out)
    roles: set = field(default_factory=set)
    times: int = 0


@dataclass
class RoleTally:
    operations: set = field(default_factory=set)
    cases: int = 0
    requests: int = 0
    accepted: dict = field(default_factory=lambda: {"reads": 0, "writes": 0})  # 2xx answers
    counts: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


# Persona -> what was sent as them; (kind, operation, detail) -> Finding. Filled by
# tests/api/test_fuzz.py, printed by tests/api/conftest.py.
TALLIES: dict[str, RoleTally] = {}
FINDINGS: dict[tuple, Finding] = {}


def record(role: str, kind: str, operation: str, detail: str, request: str) -> None:
    TALLIES[role].counts[kind] += 1
    finding = FINDINGS.setdefault((kind, operation, detail), Finding(request))
    if len(request) < len(finding.request):
        finding.request = request
    finding.roles.add(role)
    finding.times += 1


def summary_lines() -> list[str]:
    if not TALLIES:
        return []
    return _table() + _findings()


def _table() -> list[str]:
    header = (
        "persona",
        "operations",
        "inputs",
        "requests",
        "2xx reads",
        "2xx writes",
        "server errors",
        "bypasses",
        "schema mismatches",
    )
    tallies = list(TALLIES.values())
    rows = [
        (
            role,
            len(t.operations),
            t.cases,
            t.requests,
            *t.accepted.values(),
            *(t.counts[kind] for kind in KINDS),
        )
        for role, t in TALLIES.items()
    ]
    rows.append(
        (
            "total",
            len(set().union(*(t.operations for t in tallies))),
            sum(t.cases for t in tallies),
            sum(t.requests for t in tallies),
            *(sum(t.accepted[name] for t in tallies) for name in ("reads", "writes")),
            *(sum(t.counts[kind] for t in tallies) for kind in KINDS),
        )
    )
    rows = [tuple(map(str, row)) for row in rows]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells)

    return [line(header), line(tuple("-" * width for width in widths)), *map(line, rows)]


def _findings() -> list[str]:
    lines = []
    for kind in KINDS:
        found = sorted((key[1:], finding) for key, finding in FINDINGS.items() if key[0] == kind)
        if not found:
            continue
        lines += ["", f"{kind}: {len(found)} distinct"]
        # An error answer the schema leaves out is the same finding wherever it happens: a line per status.
        undocumented = defaultdict(list)
        for (operation, detail), finding in found:
            if detail.startswith(UNDOCUMENTED_STATUS):
                undocumented[detail].append(operation)
                continue
            roles = ", ".join(sorted(finding.roles))
            lines += [f"- {operation}: {detail} [{roles}; {finding.times} times]", f"    {finding.request}"]
        for detail, operations in sorted(undocumented.items()):
            lines.append(f"- {detail} at {len(operations)} operations: {', '.join(operations)}")
    return lines
