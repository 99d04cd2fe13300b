#!/usr/bin/env python3
"""An independent re-implementation of SpERT's scoring (spert/evaluator.py: _convert_by_setting, _score,
_remove_overlapping, and sklearn's precision_recall_fscore_support with zero_division=0), in plain Python.

It exists to cross-check the Java evaluator: it follows SpERT's code path (flat gold/predicted label lists over the
per-sentence union of tuples) rather than the Java one (per-type counters).

usage: spert_score.py TYPES GOLD PRED [--no-overlap]   -> prints the evaluation as JSON
"""
import json
import sys

PSEUDO_ENTITY_TYPE = 0  # SpERT's pseudo entity type for the "without NEC" setting


def read_types(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    # Index 0 is SpERT's "no type"; file order gives 1, 2, ...
    entity_index = {name: i + 1 for i, name in enumerate(spec["entities"])}
    relation_index = {name: i + 1 for i, name in enumerate(spec["relations"])}
    symmetric = {relation_index[name] for name, v in spec["relations"].items() if v["symmetric"]}
    return entity_index, relation_index, symmetric


def read_docs(path, entity_index, relation_index, symmetric):
    with open(path, encoding="utf-8") as f:
        docs = json.load(f)
    out = []
    for doc in docs:
        entities = [(e["start"], e["end"], entity_index[e["type"]]) for e in doc["entities"]]
        relations = []
        for r in doc["relations"]:
            head, tail, rtype = entities[r["head"]], entities[r["tail"]], relation_index[r["type"]]
            # SpERT puts symmetric relations head-first by start; ties on start are broken here by end.
            if rtype in symmetric and (tail[0], tail[1]) < (head[0], head[1]):
                head, tail = tail, head
            relations.append((head, tail, rtype))
        out.append((doc["tokens"], entities, relations))
    return out


def check_overlap(e1, e2):
    return not (e1 == e2 or e1[1] <= e2[0] or e2[1] <= e1[0])


def remove_overlapping(entities, relations):
    kept_entities = [e for e in entities if not any(check_overlap(e, other) for other in entities)]
    kept_relations = [r for r in relations if not check_overlap(r[0], r[1])]
    return kept_entities, kept_relations


def convert(t, include_entity_types):
    if include_entity_types:
        return tuple(t[:3])
    if isinstance(t[0], int):
        return (t[0], t[1], PSEUDO_ENTITY_TYPE)
    return ((t[0][0], t[0][1], PSEUDO_ENTITY_TYPE), (t[1][0], t[1][1], PSEUDO_ENTITY_TYPE), t[2])


def score(gt, pred):
    gt_flat, pred_flat, types = [], [], set()
    for sample_gt, sample_pred in zip(gt, pred):
        union = set(sample_gt) | set(sample_pred)
        for s in union:
            if s in sample_gt:
                gt_flat.append(s[2])
                types.add(s[2])
            else:
                gt_flat.append(0)
            if s in sample_pred:
                pred_flat.append(s[2])
                types.add(s[2])
            else:
                pred_flat.append(0)
    return prfs(gt_flat, pred_flat, sorted(types))


def divide(a, b):
    return a / b if b else 0.0


def prfs(y_true, y_pred, labels):
    """sklearn.metrics.precision_recall_fscore_support for average=None, 'micro' and 'macro', zero_division=0."""
    per_type = {}
    tp_sum = pred_sum = true_sum = 0
    for label in labels:
        tp = sum(1 for t, p in zip(y_true, y_pred) if t == label and p == label)
        n_pred = sum(1 for p in y_pred if p == label)
        n_true = sum(1 for t in y_true if t == label)
        precision, recall = divide(tp, n_pred), divide(tp, n_true)
        f1 = divide(2 * precision * recall, precision + recall)
        per_type[label] = (precision, recall, f1, n_true)
        tp_sum, pred_sum, true_sum = tp_sum + tp, pred_sum + n_pred, true_sum + n_true
    micro_p, micro_r = divide(tp_sum, pred_sum), divide(tp_sum, true_sum)
    micro = (micro_p, micro_r, divide(2 * micro_p * micro_r, micro_p + micro_r))
    n = len(labels)
    macro = tuple(divide(sum(v[k] for v in per_type.values()), n) for k in range(3))
    return micro, macro, per_type


def block(result, names):
    micro, macro, per_type = result
    as_prf = lambda v: {"precision": 100 * v[0], "recall": 100 * v[1], "f1": 100 * v[2]}
    return {
        "micro": as_prf(micro),
        "macro": as_prf(macro),
        "per_type": {names[label]: dict(as_prf(v), support=v[3]) for label, v in sorted(per_type.items())},
    }


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--no-overlap"):
        sys.exit(__doc__)
    no_overlapping = len(argv) == 4
    entity_index, relation_index, symmetric = read_types(argv[0])
    gold = read_docs(argv[1], entity_index, relation_index, symmetric)
    pred = read_docs(argv[2], entity_index, relation_index, symmetric)
    assert len(gold) == len(pred), "gold and predictions differ in length"

    gt_entities, gt_relations, pred_entities, pred_relations = [], [], [], []
    for (g_tokens, g_ent, g_rel), (p_tokens, p_ent, p_rel) in zip(gold, pred):
        assert g_tokens == p_tokens, "tokens differ"
        if no_overlapping:
            g_ent, g_rel = remove_overlapping(g_ent, g_rel)
            p_ent, p_rel = remove_overlapping(p_ent, p_rel)
        gt_entities.append(g_ent)
        gt_relations.append(g_rel)
        pred_entities.append(p_ent)
        pred_relations.append(p_rel)

    def by_setting(gt, pr, include_entity_types):
        return ([[convert(t, include_entity_types) for t in s] for s in gt],
                [[convert(t, include_entity_types) for t in s] for s in pr])

    entity_names = {i: n for n, i in entity_index.items()}
    relation_names = {i: n for n, i in relation_index.items()}
    result = {
        "entities": block(score(*by_setting(gt_entities, pred_entities, True)), entity_names),
        "relations_strict": block(score(*by_setting(gt_relations, pred_relations, True)), relation_names),
        "relations_boundaries": block(score(*by_setting(gt_relations, pred_relations, False)), relation_names),
    }
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
