"""Error pages render in Indonesian with the navbar, also where no URL matched."""


def test_unknown_url_gives_indonesian_404(client, ani):
    client.force_login(ani)

    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_unknown_url_anonymous_404(client, db):
    response = client.get("/perencanaan/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
