"""The pages of Evaluasi AKIP: the evaluation and its LKE sheet
(``penilaian``), and the recommendations with their follow-up
(``rekomendasi``)."""
