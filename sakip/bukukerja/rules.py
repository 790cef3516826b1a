"""Who may import and export the Buku Kerja workbook: Admin Bappeda only.

Export is limited to Admin Bappeda too for now, because the workbook contains
every OPD's rows and is not filtered by what the user may see.
"""

import rules


@rules.predicate
def is_admin_bappeda(user) -> bool:
    return user.is_authenticated and user.is_admin_bappeda


rules.add_perm("bukukerja.impor_buku_kerja", is_admin_bappeda)
rules.add_perm("bukukerja.ekspor_buku_kerja", is_admin_bappeda)
