from . import urls_hasil, urls_penilaian

app_name = "evaluasi"

# The evaluation itself (answers, stages, recommendations) and its results
# (the LKE workbook, the LHE, the ranking) keep their routes apart.
urlpatterns = [*urls_penilaian.urlpatterns, *urls_hasil.urlpatterns]
