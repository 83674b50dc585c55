"""Per-operation answer overrides: serve a given body, or add to / replace
parts of the simulator's own answer (scenario key ``responses``; the admin
endpoint's patch takes the same key and replaces the whole set).

    "responses": {
      "DescribeCluster": {"under": {"someNewMember": 1}},
      "DescribeAddonVersions": [
        {"match": {"addonName": "vpc-cni"}, "body": {"addons": [...]}},
        {"body": {"addons": []}}
      ],
      "DescribeUpdate": {"match": {"updateId": "..."}, "count": 2,
                         "over": {"update": {"status": "SomethingNew"}}}
    }

An operation takes one rule or a list; the first rule that matches and has
not used up its ``count`` is applied:

* ``match``: path labels (``name``, ``updateId``, ``nodegroupName``,
  ``addonName``, ``id``) and query parameters that must equal the values given;
* ``body``: the answer (``status``, default 200); the operation does not run;
* ``under``: merged under the simulator's answer (adds what it lacks);
* ``over``: merged over it (replaces what it has);
* ``count``: how many answers the rule changes (default: all).

Merging: objects merge member by member; ``{"*": X}`` merges X into every
item of a list; anything else replaces (``over``) or fills a gap (``under``).
Only 200 answers with a JSON object body are merged into; errors and faults
pass unchanged. Rules run after authentication and fault injection, so
signatures are still verified. The request log says which rule kind changed
an answer (``responseOverride``). For operations the simulator does not
implement (StartInsightsRefresh, DescribeInsightsRefresh), a rule with a
``body`` makes it answer them.
"""

import copy
import json

from wire import Response

KINDS = ("body", "under", "over")
RULE_KEYS = set(KINDS) | {"match", "status", "count"}

# Operations eks.py may not route (yet): only answered when a rule exists.
EXTRA_ROUTES = [
    ("POST", ("clusters", "{name}", "insights-refresh"), "StartInsightsRefresh"),
    ("GET", ("clusters", "{name}", "insights-refresh"), "DescribeInsightsRefresh"),
]


def configure(state, spec):
    """Validates and installs the overrides (replacing any earlier ones)."""
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise ValueError("responses must be an object of operation -> rule(s)")
    rules = {}
    for op, value in spec.items():
        lst = value if isinstance(value, list) else [value]
        out = []
        for r in lst:
            if not isinstance(r, dict) or not set(r) <= RULE_KEYS or \
                    sum(k in r for k in KINDS) == 0 or ("body" in r and len(
                        [k for k in KINDS if k in r]) > 1):
                raise ValueError("responses.%s: a rule is an object with one of body, or "
                                 "under and/or over (and match, status, count)" % op)
            out.append(dict(copy.deepcopy(r), _used=0))
        rules[op] = out
    with state.lock:
        state.response_rules = rules


def route(state, req):
    """The operation for a path eks.py does not know, when a rule serves it."""
    rules = getattr(state, "response_rules", {})
    segs = [s for s in req.segments]
    if len(segs) > 1 and segs[-1] == "":
        segs = segs[:-1]
    for method, pattern, op in EXTRA_ROUTES:
        if op not in rules or method != req.method or len(pattern) != len(segs):
            continue
        args = {}
        for p, s in zip(pattern, segs):
            if p.startswith("{"):
                args[p[1:-1]] = s
            elif p != s:
                break
        else:
            req.route_args = args
            return op
    return None


def _pick(state, req):
    for rule in getattr(state, "response_rules", {}).get(req.operation, []):
        count = rule.get("count", -1)
        if count is not None and count >= 0 and rule["_used"] >= count:
            continue
        match = rule.get("match") or {}
        if all(req.route_args.get(k, req.query(k)) == v for k, v in match.items()):
            rule["_used"] += 1
            return rule
    return None


def answer(state, req, live, unknown):
    """The answer to send: the operation's own (`live()`), changed by the
    first matching rule. `unknown()` answers an operation that only a rule
    could serve when none matches."""
    with state.lock:
        rule = _pick(state, req)
        rule = copy.deepcopy(rule) if rule else None
    if rule is not None and "body" in rule:
        req.log["responseOverride"] = "body"
        return Response(int(rule.get("status", 200)), rule["body"])
    if req.operation in [op for _, _, op in EXTRA_ROUTES] and not _handled(req.operation):
        return unknown()
    resp = live()
    if rule is None or resp.status != 200:
        return resp
    try:
        body = json.loads(resp.body or b"{}")
    except ValueError:
        return resp
    if not isinstance(body, dict):
        return resp
    if "under" in rule:
        body = merge(body, rule["under"], over=False)
    if "over" in rule:
        body = merge(body, rule["over"], over=True)
    req.log["responseOverride"] = "+".join(k for k in ("under", "over") if k in rule)
    new = Response(resp.status, body, [h for h in resp.headers if h[0] != "Content-Type"])
    new.error_code = resp.error_code
    return new


def _handled(op):
    import eks  # the simulator's own handlers, when they grow this operation
    return op in eks.HANDLERS


def merge(live, patch, over):
    """`patch` merged into `live` (over: patch wins; under: live wins)."""
    if isinstance(patch, dict) and isinstance(live, list) and set(patch) == {"*"}:
        return [merge(item, patch["*"], over) for item in live]
    if isinstance(patch, dict) and isinstance(live, dict):
        out = dict(live)
        for k, v in patch.items():
            if k in live:
                out[k] = merge(live[k], v, over)
            elif not (isinstance(v, dict) and set(v) == {"*"}):  # no list to template
                out[k] = copy.deepcopy(v)
        return out
    if over:
        return copy.deepcopy(patch)
    return live
