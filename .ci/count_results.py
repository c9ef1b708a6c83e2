"""Adds up the .NET (trx) and Python (unittest) results into one line: N passed, N failed."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

results = sys.argv[1]
passed = failed = skipped = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(os.path.join(results, "*.trx"))):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
    # Name each failure with the head of its message: CI shows only this log.
    for result in ET.parse(trx).getroot().iter(f"{{{ns['t']}}}UnitTestResult"):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
        stack = result.find("t:Output/t:ErrorInfo/t:StackTrace", ns)
        print(f"FAILED {result.get('testName')}")
        for text in (message, stack):
            if text is not None and text.text:
                for line in text.text.strip().splitlines()[:15]:
                    print(f"    {line}")

log = os.path.join(results, "python.log")
if os.path.exists(log):
    text = open(log, encoding="utf-8", errors="replace").read()
    ran = re.search(r"^Ran (\d+) tests?", text, re.M)
    if ran:
        total = int(ran.group(1))
        bad = sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", text))
        skip = sum(int(n) for n in re.findall(r"skipped=(\d+)", text))
        passed += total - bad - skip
        failed += bad
        skipped += skip
    else:
        failed += 1  # the Python suite did not run at all
print(f"{passed} passed, {failed} failed, {skipped} skipped")
