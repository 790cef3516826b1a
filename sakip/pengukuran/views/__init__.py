"""The pages of pengukuran: the dashboards, the input of realisation, its
verification and the input windows, one module each."""

from .dasbor import capaian_panel_context, dasbor_opd, dasbor_pemda

__all__ = ["capaian_panel_context", "dasbor_opd", "dasbor_pemda"]
