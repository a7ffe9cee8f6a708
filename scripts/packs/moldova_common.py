# Helpers for scripts/packs/build_moldova.py (the generator of the reference pack's JSON files).
import json, os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
def L(en, fr, ro): return {"en": en, "fr": fr, "ro": ro}
def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")
def field(t, label, **kw):
    return {"type": t, "title": label["en"], "x-label": label, **kw}
def text(label, maxLength=4000, **kw): return field("string", label, maxLength=maxLength, **kw)
def date(label, **kw): return field("string", label, format="date", **kw)
def option(label, lst, **kw): return field("string", label, **{"x-optionList": lst}, **kw)
def options(label, lst, **kw):
    return {"type": "array", "title": label["en"], "x-label": label, "uniqueItems": True, "items": {"type": "string", "x-optionList": lst}, **kw}
def boolean(label, **kw): return field("boolean", label, **kw)
def form(id, title, props, required, ui_order=None):
    f = {"id": id, "version": 1, "title": title,
         "schema": {"type": "object", "additionalProperties": False, "required": required, "properties": props}}
    f["uiSchema"] = {"ui:order": ui_order or list(props.keys())}
    return f
