"""Exchanging the catalog with other requirement tools: ReqIF 1.2 (DOORS, Polarion, Jama, StrictDoc) and an Excel workbook."""
