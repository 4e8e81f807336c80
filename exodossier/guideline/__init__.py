"""The guideline as a document: the committee's proposal to PMDA and MHLW, in Word (and PDF).

Built from the same catalog and hand-written chapters as the site, so the site and the
document can never disagree. `document.build_guideline` is the entry point.
"""
