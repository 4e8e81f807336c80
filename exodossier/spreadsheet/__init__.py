"""Workbooks for people who review and fill things in with Excel.

`workbook` writes reproducible .xlsx files whose cells are always data, never formulas;
`reader` reads an edited workbook back with the same care the YAML loader takes, naming every
problem as `file.xlsx:Sheet!C37`.
"""
