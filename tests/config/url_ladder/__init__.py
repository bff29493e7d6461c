"""Every row of the permission ladder, gathered from the modules of this package.

A module adds rows by defining ROWS (URL name -> Rung); NAMESPACES and NAMESPACE_PROBES may add
whole URL namespaces probed at one URL. The same URL name in two modules is an error.
"""

import importlib
import pkgutil


def _modules():
    for info in pkgutil.iter_modules(__path__):
        if info.name != "rungs":
            yield importlib.import_module(f"{__name__}.{info.name}")


def _gather(attribute):
    gathered = {}
    for module in _modules():
        rows = getattr(module, attribute, {})
        twice = gathered.keys() & rows.keys()
        if twice:
            raise ValueError(f"{module.__name__} repeats ladder rows {sorted(twice)}")
        gathered |= rows
    return gathered


LADDER = _gather("ROWS")
NAMESPACES = _gather("NAMESPACES")
NAMESPACE_PROBES = _gather("NAMESPACE_PROBES")
