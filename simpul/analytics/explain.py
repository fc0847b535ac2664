"""Plain-language explanations of the methods and data, for pages and reports.

Written for a Kepala Dinas and a Bupati's staff, not for statisticians: what
the number means and how to read it. Formulas are written in ASCII so the
PDF's standard fonts can print them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

METHODS = {
    "lq": (
        _("Location Quotient (LQ)"),
        _(
            "LQ = (vi / vt) / (Vi / Vt): pangsa sektor i di wilayah analisis (vi/vt) dibagi pangsanya di "
            "wilayah referensi (Vi/Vt). LQ > 1 berarti sektor basis: perannya di wilayah lebih besar daripada "
            "di referensi, sehingga produknya cenderung melayani pasar di luar wilayah."
        ),
    ),
    "shift_share": (
        _("Shift-Share"),
        _(
            "Perubahan nilai sektor dari tahun awal ke akhir dipecah menjadi tiga: pengaruh pertumbuhan "
            "referensi (NS = ei0 x (Et/E0 - 1)), pengaruh bauran industri (P = ei0 x (Eit/Ei0 - Et/E0)) dan "
            "keunggulan kompetitif wilayah (D = ei0 x (eit/ei0 - Eit/Ei0)). Jumlah ketiganya sama dengan "
            "perubahan sebenarnya. D positif berarti sektor di wilayah tumbuh lebih cepat daripada sektor yang "
            "sama di referensi."
        ),
    ),
    "klassen": (
        _("Tipologi Klassen"),
        _(
            "Membandingkan laju pertumbuhan sektor di wilayah dengan di referensi, dan pangsanya di wilayah "
            "dengan pangsanya di referensi: I maju dan tumbuh cepat, II maju tapi tertekan, III potensial / "
            "berkembang, IV relatif tertinggal."
        ),
    ),
    "ahp": (
        _("Analytic Hierarchy Process (AHP)"),
        _(
            "Bobot kriteria dihitung dari perbandingan berpasangan skala Saaty 1-9 sebagai vektor eigen utama "
            "matriks. Konsistensi penilaian diukur dengan CR = CI / RI, CI = (lambda maks - n) / (n - 1); "
            "penilaian dianggap konsisten bila CR <= 0,10. Untuk dua belas kriteria Permendagri 9/2014 "
            "perbandingan dilakukan dua tingkat: antar-aspek, lalu antar-kriteria dalam aspek; bobot kriteria "
            "= bobot aspek x bobot lokalnya."
        ),
    ),
    "mpe": (
        _("Metode Perbandingan Eksponensial (MPE)"),
        _(
            "Nilai total alternatif = jumlah (nilai kriteria ^ bobot kriteria). Perpangkatan memperbesar "
            "perbedaan nilai, sehingga urutan alternatif lebih tegas. Nilai diberikan dalam skala ordinal "
            "(mis. 1-5)."
        ),
    ),
    "bayes": (
        _("Metode Bayes"),
        _(
            "Nilai total alternatif = jumlah (nilai kriteria x bobot kriteria), dengan bobot yang berjumlah 1 "
            "(peluang). Alternatif dengan nilai total terbesar adalah pilihan terbaik."
        ),
    ),
}

PERMENDAGRI = _(
    "Kriteria produk unggulan daerah mengikuti Permendagri Nomor 9 Tahun 2014 tentang Pedoman Pengembangan "
    "Produk Unggulan Daerah: penyerapan tenaga kerja, sumbangan terhadap perekonomian, sektor basis ekonomi "
    "daerah, dapat diperbaharui, sosial budaya, ketersediaan pasar, bahan baku, modal, sarana dan prasarana "
    "produksi, teknologi, manajemen usaha, dan harga. Pengelompokan kriteria ke dalam empat aspek adalah "
    "pengelompokan Simpul IKM untuk perbandingan AHP dua tingkat."
)

DASHBOARD_SOURCES = _(
    "Angka dasbor dihitung dari basis data IKM Simpul: usaha yang terdaftar (tidak diarsipkan dan tidak "
    "digabung ke data lain) dan laporan tahunan mereka. Jumlah tenaga kerja, investasi, nilai produksi dan "
    "penjualan adalah jumlah dari laporan tahunan usaha yang melapor pada tahun itu; usaha yang belum "
    "melapor tidak ikut terhitung, karena itu setiap angka menyebutkan berapa usaha yang melapor dan "
    "rata-rata kelengkapan datanya."
)

NO_BOUNDARIES = _(
    "Peta wilayah berwarna per kecamatan (choropleth) memerlukan batas kecamatan, yang belum tersedia di "
    "sistem. Sebagai gantinya dasbor menampilkan tabel kecamatan yang diarsir menurut nilainya dan titik "
    "sebaran usaha dari koordinat usaha (dikelompokkan per petak kurang lebih 2 km)."
)
