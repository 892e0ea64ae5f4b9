<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AdminDialog</name>
    <message>
        <source>Pengaturan kantor</source>
        <translation>Office settings</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Kebijakan antrian</source>
        <translation>Queue policy</translation>
    </message>
    <message>
        <source>Data &amp;&amp; cadangan</source>
        <translation>Data &amp;&amp; backups</translation>
    </message>
    <message>
        <source>Perangkat PC ini</source>
        <translation>This PC&apos;s devices</translation>
    </message>
    <message>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Jejak audit</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>PC kantor</source>
        <translation>Office PCs</translation>
    </message>
    <message>
        <source>Suara panggilan</source>
        <translation>Call voice</translation>
    </message>
    <message>
        <source>Kop surat</source>
        <translation>Letterhead</translation>
    </message>
    <message>
        <source>Layanan online</source>
        <translation>Online services</translation>
    </message>
    <message>
        <source>Rekaman suara kantor diatur di PC kantor utama.</source>
        <translation>The office&apos;s voice recordings are managed on the office&apos;s main PC.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Akun admin pertama</source>
        <translation>First admin account</translation>
    </message>
    <message>
        <source>Admin mengatur kantor, layanan, loket dan pengguna.</source>
        <translation>The admin sets up the office, services, counters and users.</translation>
    </message>
    <message>
        <source>Nama admin</source>
        <translation>Admin name</translation>
    </message>
    <message>
        <source>Kata sandi admin</source>
        <translation>Admin password</translation>
    </message>
    <message>
        <source>Ulangi kata sandi admin</source>
        <translation>Repeat the admin password</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <source>Buat kantor</source>
        <translation>Create office</translation>
    </message>
    <message>
        <source>Kantor ini sudah punya admin.</source>
        <translation>This office already has an admin.</translation>
    </message>
    <message>
        <source>Admin yang sudah ada: {0}. Tekan Buat kantor untuk menyimpan.</source>
        <translation>Existing admin: {0}. Press Create office to save.</translation>
    </message>
    <message>
        <source>Nama admin wajib diisi.</source>
        <translation>The admin name is required.</translation>
    </message>
    <message>
        <source>Kata sandi tidak sama.</source>
        <translation>The passwords do not match.</translation>
    </message>
    <message>
        <source>Peran PC tidak dapat disimpan: {0}</source>
        <translation>This PC&apos;s role could not be saved: {0}</translation>
    </message>
</context>
<context>
    <name>Announcer</name>
    <message>
        <source>Suara panggilan tidak tersedia di komputer ini: hanya bel.</source>
        <translation>Spoken calls are not available on this computer: chime only.</translation>
    </message>
    <message>
        <source>Mesin suara gagal dimuat: hanya bel yang dibunyikan.</source>
        <translation>The speech engine failed to load: only the chime will sound.</translation>
    </message>
    <message>
        <source>Suara bahasa Indonesia dari sistem tidak ditemukan: panggilan memakai suara bawaan Loket.</source>
        <translation>No Indonesian system voice found: calls use Loket&apos;s bundled voice.</translation>
    </message>
    <message>
        <source>Suara bahasa Indonesia tidak ditemukan: panggilan hanya dengan bel. Pasang suara id-ID (Windows) atau espeak-ng (Linux).</source>
        <translation>No Indonesian voice found: calls use the chime only. Install an id-ID voice (Windows) or espeak-ng (Linux).</translation>
    </message>
    <message>
        <source>Rekaman suara kantor belum lengkap: panggilan memakai suara bawaan.</source>
        <translation>The office&apos;s voice recordings are incomplete: calls use the bundled voice.</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Waktu (UTC)</source>
        <translation>Time (UTC)</translation>
    </message>
    <message>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Sasaran</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Jejak audit</source>
        <translation>Audit trail</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Ganti kata sandi</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Kata sandi lama</source>
        <translation>Old password</translation>
    </message>
    <message>
        <source>Kata sandi baru</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Ulangi kata sandi baru</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <source>Ulangi</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Kata sandi baru tidak sama.</source>
        <translation>The new passwords do not match.</translation>
    </message>
</context>
<context>
    <name>ChartsPage</name>
    <message>
        <source>Grafik kedatangan dan selesai per jam</source>
        <translation>Chart of arrivals and completions per hour</translation>
    </message>
    <message>
        <source>Grafik volume per layanan</source>
        <translation>Chart of volume per service</translation>
    </message>
    <message>
        <source>Grafik waktu tunggu per layanan</source>
        <translation>Chart of waiting time per service</translation>
    </message>
    <message>
        <source>Grafik sebaran waktu tunggu</source>
        <translation>Chart of the waiting time distribution</translation>
    </message>
</context>
<context>
    <name>CitizenBox</name>
    <message>
        <source>Data warga (tidak wajib)</source>
        <translation>Citizen details (optional)</translation>
    </message>
    <message>
        <source>Nama warga</source>
        <translation>Citizen&apos;s name</translation>
    </message>
    <message>
        <source>NIK warga</source>
        <translation>Citizen&apos;s NIK</translation>
    </message>
    <message>
        <source>16 angka</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>Telepon warga</source>
        <translation>Citizen&apos;s phone</translation>
    </message>
    <message>
        <source>Simpan data warga</source>
        <translation>Save citizen details</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Data warga {0} tersimpan.</source>
        <translation>Citizen details for {0} saved.</translation>
    </message>
    <message>
        <source>NIK {0}</source>
        <translation>NIK {0}</translation>
    </message>
    <message>
        <source>telepon {0}</source>
        <translation>phone {0}</translation>
    </message>
    <message>
        <source>Kolom kosong menghapus data yang tersimpan: {0}. Hapus data itu?</source>
        <translation>An empty field removes what is saved: {0}. Remove it?</translation>
    </message>
    <message>
        <source>Data warga</source>
        <translation>Citizen data</translation>
    </message>
    <message>
        <source>Ya, hapus</source>
        <translation>Yes, remove</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tersimpan: {0}</source>
        <translation>Saved: {0}</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>Sambungkan ke PC utama</source>
        <translation>Connect to the main PC</translation>
    </message>
    <message>
        <source>Pilih PC utama kantor ini atau ketik alamatnya, lalu ketik kode pemasangan yang tampil di PC utama (Pengaturan kantor → PC kantor, atau `loket hub pair`).</source>
        <translation>Pick this office&apos;s main PC or type its address, then type the pairing code shown on the main PC (Office settings → Office PCs, or `loket hub pair`).</translation>
    </message>
    <message>
        <source>PC utama yang ditemukan</source>
        <translation>Main PCs found</translation>
    </message>
    <message>
        <source>Cari lagi</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>Cari PC utama lagi</source>
        <translation>Search for main PCs again</translation>
    </message>
    <message>
        <source>Alamat PC utama</source>
        <translation>Main PC address</translation>
    </message>
    <message>
        <source>Kode pemasangan</source>
        <translation>Pairing code</translation>
    </message>
    <message>
        <source>Nama PC ini</source>
        <translation>This PC&apos;s name</translation>
    </message>
    <message>
        <source>Sambungkan</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>PC utama di jaringan</source>
        <translation>Main PCs on the network</translation>
    </message>
    <message>
        <source>Mencari PC utama di jaringan kantor…</source>
        <translation>Looking for main PCs on the office network…</translation>
    </message>
    <message>
        <source>{0} PC utama ditemukan; pilih salah satu.</source>
        <translation>{0} main PC(s) found; pick one.</translation>
    </message>
    <message>
        <source>Tidak ada PC utama yang ditemukan. Ketik alamatnya (lihat layar `loket hub run` di PC utama).</source>
        <translation>No main PC found. Type its address (see the `loket hub run` screen on the main PC).</translation>
    </message>
    <message>
        <source>Pilih PC utama dari daftar atau ketik alamatnya.</source>
        <translation>Pick the main PC from the list or type its address.</translation>
    </message>
    <message>
        <source>Ketik kode pemasangan dari PC utama.</source>
        <translation>Type the pairing code from the main PC.</translation>
    </message>
    <message>
        <source>Menghubungi PC utama…</source>
        <translation>Contacting the main PC…</translation>
    </message>
    <message>
        <source>Tersambung ke PC utama {0} sebagai {1}. Tekan Selesai.</source>
        <translation>Connected to the main PC {0} as {1}. Press Finish.</translation>
    </message>
    <message>
        <source>Kode pemasangan salah, sudah dipakai, atau kedaluwarsa. Buat kode baru di PC utama lalu ketik lagi.</source>
        <translation>The pairing code is wrong, used already, or expired. Make a new code on the main PC and type it again.</translation>
    </message>
    <message>
        <source>PC utama tidak terjangkau di alamat itu. Periksa alamat dan port, bahwa PC utama menyala dan `loket hub run` berjalan, dan bahwa firewall PC utama mengizinkan port itu.</source>
        <translation>The main PC cannot be reached at that address. Check the address and port, that the main PC is on and `loket hub run` is running, and that its firewall allows that port.</translation>
    </message>
    <message>
        <source>Sertifikat di alamat itu bukan milik PC utama yang membuat kode ini: mungkin ada yang menyamar. Jangan lanjutkan; periksa alamat PC utama.</source>
        <translation>The certificate at that address is not the one of the main PC that made this code: someone may be posing as it. Do not go on; check the main PC&apos;s address.</translation>
    </message>
    <message>
        <source>Terlalu banyak percobaan kode. Tunggu satu menit lalu coba lagi.</source>
        <translation>Too many code attempts. Wait a minute, then try again.</translation>
    </message>
</context>
<context>
    <name>CountersPage</name>
    <message>
        <source>Loket</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>Berapa loket, dan layanan apa saja yang dilayani tiap loket.</source>
        <translation>How many counters, and which services each counter serves.</translation>
    </message>
    <message>
        <source>Jumlah loket</source>
        <translation>Number of counters</translation>
    </message>
    <message>
        <source>Layanan per loket</source>
        <translation>Services per counter</translation>
    </message>
    <message>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <source>Loket {0} belum melayani layanan apa pun.</source>
        <translation>Counter {0} does not serve any service yet.</translation>
    </message>
</context>
<context>
    <name>CountersTab</name>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Layanan per loket</source>
        <translation>Services per counter</translation>
    </message>
    <message>
        <source>Nomor loket baru</source>
        <translation>New counter number</translation>
    </message>
    <message>
        <source>Simpan loket</source>
        <translation>Save counters</translation>
    </message>
    <message>
        <source>Loket baru nomor</source>
        <translation>New counter number</translation>
    </message>
    <message>
        <source>Tambah loket</source>
        <translation>Add counter</translation>
    </message>
    <message>
        <source>Pengaturan loket tersimpan.</source>
        <translation>Counter settings saved.</translation>
    </message>
    <message>
        <source>Loket baru ditambahkan; atur layanannya lalu simpan.</source>
        <translation>New counter added; choose its services, then save.</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>Dasbor Pelayanan · {0}</source>
        <translation>Service Dashboard · {0}</translation>
    </message>
    <message>
        <source>Tanggal awal</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>Tanggal akhir</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>7 hari</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>Bulan ini</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Cetak laporan hari ini</source>
        <translation>Print today&apos;s report</translation>
    </message>
    <message>
        <source>Analisis IKM…</source>
        <translation>IKM analysis…</translation>
    </message>
    <message>
        <source>Ekspor laporan…</source>
        <translation>Export reports…</translation>
    </message>
    <message>
        <source>Dari</source>
        <translation>From</translation>
    </message>
    <message>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Grafik</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Per layanan</source>
        <translation>By service</translation>
    </message>
    <message>
        <source>Per loket</source>
        <translation>By counter</translation>
    </message>
    <message>
        <source>Per petugas</source>
        <translation>By operator</translation>
    </message>
    <message>
        <source>Tindak lanjut</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Booking online</source>
        <translation>Online bookings</translation>
    </message>
    <message>
        <source>Tabel {0}</source>
        <translation>Table {0}</translation>
    </message>
    <message>
        <source>Memuat {0}…</source>
        <translation>Loading {0}…</translation>
    </message>
    <message>
        <source>Gagal memuat: {0}</source>
        <translation>Could not load: {0}</translation>
    </message>
    <message>
        <source> · langsung</source>
        <translation> · live</translation>
    </message>
    <message>
        <source>{0} · diperbarui {1:%H:%M:%S}{2}</source>
        <translation>{0} · updated {1:%H:%M:%S}{2}</translation>
    </message>
    <message>
        <source>Menyiapkan laporan hari ini…</source>
        <translation>Preparing today&apos;s report…</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Laporan hari ini dicetak ({0} halaman).</source>
        <translation>Today&apos;s report printed ({0} pages).</translation>
    </message>
    <message>
        <source>Antrian</source>
        <translation>Tickets issued</translation>
    </message>
    <message>
        <source>Selesai dilayani</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Dialihkan</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Tunggu median (menit)</source>
        <translation>Median wait (minutes)</translation>
    </message>
    <message>
        <source>Layanan median (menit)</source>
        <translation>Median service (minutes)</translation>
    </message>
    <message>
        <source>Selesai dalam waktu standar</source>
        <translation>Served within the standard time</translation>
    </message>
    <message>
        <source>Tindak lanjut terlambat</source>
        <translation>Overdue follow-ups</translation>
    </message>
    <message>
        <source>Penilaian warga (1–4)</source>
        <translation>Citizens&apos; rating (1–4)</translation>
    </message>
    <message>
        <source>IKM</source>
        <translation>IKM</translation>
    </message>
</context>
<context>
    <name>DataTab</name>
    <message>
        <source> hari</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Masa simpan data pribadi</source>
        <translation>Keep personal data for</translation>
    </message>
    <message>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>Cadangan terakhir: {0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <source>Folder cadangan (boleh diska USB)</source>
        <translation>Backup folder (a USB drive is fine)</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cadangkan sekarang</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Hapus data pribadi yang lewat masa simpan</source>
        <translation>Delete personal data past its keeping period</translation>
    </message>
    <message>
        <source>Memulihkan dari cadangan: tutup Loket lalu jalankan `loket db restore BERKAS`, atau pilih cadangan di layar yang muncul saat basis data rusak.</source>
        <translation>To restore a backup: close Loket and run `loket db restore BERKAS` (BERKAS is the backup file), or choose a backup on the screen that appears when the database is damaged.</translation>
    </message>
    <message>
        <source>Pengaturan data tersimpan.</source>
        <translation>Data settings saved.</translation>
    </message>
    <message>
        <source>Cadangan dibuat dan diperiksa: {0}</source>
        <translation>Backup made and verified: {0}</translation>
    </message>
    <message>
        <source>{0} data pribadi lama dihapus; angka layanan tetap.</source>
        <translation>{0} old personal records deleted; the service figures stay.</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <source>Kantor demo</source>
        <translation>Demo office</translation>
    </message>
    <message>
        <source>Kelurahan Sukamaju (demo), dengan layanan dan loket contoh.</source>
        <translation>Kelurahan Sukamaju (demo), with sample services and counters.</translation>
    </message>
    <message>
        <source>Tekan Selesai untuk membuka kantor demo. Masuk sebagai petugas1 dengan PIN 1234 (admin / demo1234 untuk pengaturan). Untuk kantor sebenarnya, jalankan Loket lagi dan pilih “PC ini satu-satunya PC kantor” atau “PC ini PC utama kantor”.</source>
        <translation>Press Finish to open the demo office. Log in as petugas1 with PIN 1234 (admin / demo1234 for the settings). For a real office, start Loket again and choose “This PC is the office&apos;s only PC” or “This PC is the office&apos;s main PC”.</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <source>Tidak ada antrian yang sedang dipanggil di loket ini.</source>
        <translation>No number is being called at this counter.</translation>
    </message>
    <message>
        <source>Tidak ada antrian menunggu.</source>
        <translation>Nobody is waiting.</translation>
    </message>
</context>
<context>
    <name>DevicesTab</name>
    <message>
        <source>Cara mencetak tiket</source>
        <translation>How tickets are printed</translation>
    </message>
    <message>
        <source>Tidak mencetak</source>
        <translation>Do not print</translation>
    </message>
    <message>
        <source>Printer Windows/Linux PC ini</source>
        <translation>This PC&apos;s Windows/Linux printer</translation>
    </message>
    <message>
        <source>Printer thermal ESC/POS (jaringan/USB)</source>
        <translation>ESC/POS thermal printer (network/USB)</translation>
    </message>
    <message>
        <source>Printer thermal USB terpasang (ESC/POS langsung)</source>
        <translation>Installed USB thermal printer (raw ESC/POS)</translation>
    </message>
    <message>
        <source>Lebar kertas</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>Alamat printer thermal</source>
        <translation>Thermal printer address</translation>
    </message>
    <message>
        <source>Printer mencetak kode QR sendiri (GS ( k)</source>
        <translation>The printer draws QR codes itself (GS ( k)</translation>
    </message>
    <message>
        <source>Matikan bila kode QR tidak tercetak: QR lalu dikirim sebagai gambar.</source>
        <translation>Turn off if the QR code does not print: it is then sent as an image.</translation>
    </message>
    <message>
        <source>Tiket</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Printer thermal</source>
        <translation>Thermal printer</translation>
    </message>
    <message>
        <source>Simpan perangkat</source>
        <translation>Save devices</translation>
    </message>
    <message>
        <source>Cetak tiket uji</source>
        <translation>Print a test ticket</translation>
    </message>
    <message>
        <source>Printer bawaan</source>
        <translation>Default printer</translation>
    </message>
    <message>
        <source>Pengaturan perangkat PC ini tersimpan.</source>
        <translation>This PC&apos;s device settings saved.</translation>
    </message>
    <message>
        <source>Pilih cara mencetak tiket dulu.</source>
        <translation>Choose how tickets are printed first.</translation>
    </message>
    <message>
        <source>Tiket uji</source>
        <translation>Test ticket</translation>
    </message>
    <message>
        <source>Tiket uji dikirim ke printer ({0} mm).</source>
        <translation>Test ticket sent to the printer ({0} mm).</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Layar Antrian</source>
        <translation>Queue Display</translation>
    </message>
    <message>
        <source>Panggilan terakhir</source>
        <translation>Latest calls</translation>
    </message>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Pengaturan suara…</source>
        <translation>Voice settings…</translation>
    </message>
    <message>
        <source>tutup</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>istirahat</source>
        <translation>on a break</translation>
    </message>
    <message>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>(ulang)</source>
        <translation>(again)</translation>
    </message>
    <message>
        <source>Belum ada panggilan</source>
        <translation>No calls yet</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <source>Server kota (tidak wajib)</source>
        <translation>City server (optional)</translation>
    </message>
    <message>
        <source>Isi alamat server dan kode pendaftaran dari Diskominfo, atau lewati dan daftarkan nanti.</source>
        <translation>Enter the server address and the enrollment code from Diskominfo, or skip this and enroll later.</translation>
    </message>
    <message>
        <source>Alamat server kota</source>
        <translation>City server address</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>Perangkat ini sudah terdaftar ke server kota. Tekan Selesai.</source>
        <translation>This PC is already enrolled with the city server. Press Finish.</translation>
    </message>
    <message>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>PC ini PC utama kantor: jalankan `loket hub run` di PC ini, lalu pasangkan PC lain dengan kode dari Pengaturan kantor → PC kantor.</source>
        <translation>This PC is the office&apos;s main PC: run `loket hub run` on it, then pair the other PCs with a code from Office settings → Office PCs.</translation>
    </message>
    <message>
        <source>Isi alamat server dan kode, atau kosongkan keduanya.</source>
        <translation>Enter both the server address and the code, or leave both empty.</translation>
    </message>
    <message>
        <source>Menghubungi server kota…</source>
        <translation>Contacting the city server…</translation>
    </message>
    <message>
        <source>Terdaftar ke server kota.</source>
        <translation>Enrolled with the city server.</translation>
    </message>
    <message>
        <source>Pendaftaran gagal: {0}</source>
        <translation>Enrollment failed: {0}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Ekspor laporan · {0}</source>
        <translation>Export reports · {0}</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Laporan Harian Pelayanan</source>
        <translation>Daily service report</translation>
    </message>
    <message>
        <source>Buku Register</source>
        <translation>Service register</translation>
    </message>
    <message>
        <source>Laporan IKM</source>
        <translation>IKM report</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Gaya CSV</source>
        <translation>CSV style</translation>
    </message>
    <message>
        <source>Indonesia (; dan koma desimal)</source>
        <translation>Indonesian (; and decimal comma)</translation>
    </message>
    <message>
        <source>Inggris (, dan titik desimal)</source>
        <translation>English (, and decimal point)</translation>
    </message>
    <message>
        <source>Berkas tujuan</source>
        <translation>Target file</translation>
    </message>
    <message>
        <source>(nama kantor, laporan dan periode)</source>
        <translation>(office, report and period)</translation>
    </message>
    <message>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Kemajuan</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Ekspor</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Simpan ke</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>Simpan laporan</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Membaca data…</source>
        <translation>Reading the data…</translation>
    </message>
    <message>
        <source>Menyusun {0}…</source>
        <translation>Making the {0}…</translation>
    </message>
    <message>
        <source>Tersimpan: {0}</source>
        <translation>Saved: {0}</translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <source>Selesaikan layanan {0}</source>
        <translation>Finish service {0}</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Completed</translation>
    </message>
    <message>
        <source>Perlu &amp;tindak lanjut (dokumen belum jadi hari ini)</source>
        <translation>Needs &amp;follow-up (the document is not ready today)</translation>
    </message>
    <message>
        <source>&amp;Ditolak</source>
        <translation>&amp;Rejected</translation>
    </message>
    <message>
        <source>Alasan penolakan, mis. KK belum diperbarui</source>
        <translation>Reason for rejection, e.g. family card (KK) not updated</translation>
    </message>
    <message>
        <source>Alasan penolakan</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <source>Catatan (tidak wajib)</source>
        <translation>Notes (optional)</translation>
    </message>
    <message>
        <source>Catatan layanan</source>
        <translation>Service notes</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Alasan penolakan wajib diisi.</source>
        <translation>A reason for rejection is required.</translation>
    </message>
    <message>
        <source>Catatan terlalu panjang: {0} karakter, paling banyak {1}.</source>
        <translation>The note is too long: {0} characters, at most {1}.</translation>
    </message>
    <message>
        <source>Teks yang ditempel dipotong: catatan paling banyak {0} karakter.</source>
        <translation>The pasted text was cut: a note holds at most {0} characters.</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>Serahkan dokumen tindak lanjut</source>
        <translation>Hand over a follow-up document</translation>
    </message>
    <message>
        <source>Tindak lanjut yang belum diserahkan</source>
        <translation>Follow-ups not handed over yet</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Catatan (tidak wajib)</source>
        <translation>Notes (optional)</translation>
    </message>
    <message>
        <source>Serahkan</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Pilih nomor yang dokumennya diserahkan:</source>
        <translation>Choose the number whose document is handed over:</translation>
    </message>
    <message>
        <source>Tidak ada tindak lanjut yang menunggu diserahkan.</source>
        <translation>No follow-up is waiting to be handed over.</translation>
    </message>
    <message>
        <source>{0} · {1} · dilayani {2:%d-%m-%Y} · jadi {3:%d-%m-%Y}</source>
        <translation>{0} · {1} · served {2:%d-%m-%Y} · due {3:%d-%m-%Y}</translation>
    </message>
    <message>
        <source>terlambat</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Dokumen {0} diserahkan.</source>
        <translation>Document {0} handed over.</translation>
    </message>
</context>
<context>
    <name>FollowUpsPanel</name>
    <message>
        <source>Tandai diserahkan</source>
        <translation>Mark handed over</translation>
    </message>
    <message>
        <source>Dokumen siap (kabari warga)</source>
        <translation>Document ready (tell the citizen)</translation>
    </message>
    <message>
        <source>Dokumen siap, kabari warga</source>
        <translation>Document ready, tell the citizen</translation>
    </message>
    <message>
        <source>Dokumen {0} siap: warga dikabari.</source>
        <translation>Document {0} ready: the citizen is told.</translation>
    </message>
    <message>
        <source>Dokumen {0} siap (warga tidak meminta pesan).</source>
        <translation>Document {0} ready (the citizen asked for no messages).</translation>
    </message>
    <message>
        <source>Dokumen {0} diserahkan.</source>
        <translation>Document {0} handed over.</translation>
    </message>
</context>
<context>
    <name>IkmPlanDialog</name>
    <message>
        <source>Analisis IKM · {0}</source>
        <translation>IKM analysis · {0}</translation>
    </message>
    <message>
        <source>Analisis hasil survei</source>
        <translation>Analysis of the survey</translation>
    </message>
    <message>
        <source>Rencana tindak lanjut</source>
        <translation>Follow-up plan</translation>
    </message>
    <message>
        <source>Analisis hasil survei (unsur terlemah, penyebabnya)</source>
        <translation>Analysis of the survey (weakest elements, their causes)</translation>
    </message>
    <message>
        <source>Rencana tindak lanjut (apa, siapa, kapan)</source>
        <translation>Follow-up plan (what, who, when)</translation>
    </message>
</context>
<context>
    <name>IssueRow</name>
    <message>
        <source>Layanan untuk nomor baru</source>
        <translation>Service for the new number</translation>
    </message>
    <message>
        <source>Prioritas nomor baru</source>
        <translation>Priority of the new number</translation>
    </message>
    <message>
        <source>Bukan prioritas</source>
        <translation>Not a priority</translation>
    </message>
    <message>
        <source>Ambil nomor</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <source>Nomor baru:</source>
        <translation>New number:</translation>
    </message>
    <message>
        <source>Cetak ulang tiket</source>
        <translation>Reprint ticket</translation>
    </message>
    <message>
        <source>Nomor {0} · {1} orang di depan · perkiraan tunggu ± {2} menit</source>
        <translation>Number {0} · {1} people ahead · estimated wait ± {2} minutes</translation>
    </message>
    <message>
        <source>PC ini tidak diatur untuk mencetak tiket.</source>
        <translation>This PC is not set up to print tickets.</translation>
    </message>
    <message>
        <source>Nomor antrian hari ini (mis. A-012):</source>
        <translation>Today&apos;s queue number (e.g. A-012):</translation>
    </message>
    <message>
        <source>Tiket {0} dicetak ulang (nomor tetap).</source>
        <translation>Ticket {0} reprinted (same number).</translation>
    </message>
</context>
<context>
    <name>KioskReprintDialog</name>
    <message>
        <source>Cetak ulang tiket kios</source>
        <translation>Reprint kiosk tickets</translation>
    </message>
    <message>
        <source>Nama admin</source>
        <translation>Admin name</translation>
    </message>
    <message>
        <source>Kata sandi admin</source>
        <translation>Admin password</translation>
    </message>
    <message>
        <source>Jumlah tiket terakhir</source>
        <translation>Number of last tickets</translation>
    </message>
    <message>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>PC ini tidak diatur untuk mencetak tiket.</source>
        <translation>This PC is not set up to print tickets.</translation>
    </message>
    <message>
        <source>Dicetak ulang: {0}</source>
        <translation>Reprinted: {0}</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Penyandang disabilitas</source>
        <translation>Person with a disability</translation>
    </message>
    <message>
        <source>Lanjut usia</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>Ibu hamil</source>
        <translation>Pregnant woman</translation>
    </message>
    <message>
        <source>Anak-anak</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Korban bencana</source>
        <translation>Disaster victim</translation>
    </message>
    <message>
        <source>Gratis</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Kios Antrian</source>
        <translation>Queue Kiosk</translation>
    </message>
    <message>
        <source>Selamat datang di {0}</source>
        <translation>Welcome to {0}</translation>
    </message>
    <message>
        <source>Sentuh layanan yang Anda perlukan untuk mengambil nomor antrian.</source>
        <translation>Touch the service you need to take a queue number.</translation>
    </message>
    <message>
        <source>{0}  {1}
± {2} menit</source>
        <translation>{0}  {1}
± {2} min</translation>
    </message>
    <message>
        <source>Layanan {0}</source>
        <translation>Service {0}</translation>
    </message>
    <message>
        <source>Layanan prioritas (lansia, disabilitas, ibu hamil, anak, korban bencana)</source>
        <translation>Priority service (elderly, disability, pregnancy, children, disaster victims)</translation>
    </message>
    <message>
        <source>Layanan prioritas</source>
        <translation>Priority service</translation>
    </message>
    <message>
        <source>Punya booking?</source>
        <translation>Booked online?</translation>
    </message>
    <message>
        <source>Check-in booking online</source>
        <translation>Check in an online booking</translation>
    </message>
    <message>
        <source>Check-in booking</source>
        <translation>Booking check-in</translation>
    </message>
    <message>
        <source>Ketik kode booking (mis. K7M2-X9QD) atau pindai kode QR dari HP Anda.</source>
        <translation>Type the booking code (e.g. K7M2-X9QD) or scan the QR code on your phone.</translation>
    </message>
    <message>
        <source>Kode booking</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>Pilih alasan layanan prioritas</source>
        <translation>Choose the reason for priority service</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Batal prioritas</source>
        <translation>Cancel priority</translation>
    </message>
    <message>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Kembali ke daftar layanan</source>
        <translation>Back to the list of services</translation>
    </message>
    <message>
        <source>Ambil Nomor</source>
        <translation>Take a Number</translation>
    </message>
    <message>
        <source>Ambil nomor antrian</source>
        <translation>Take a queue number</translation>
    </message>
    <message>
        <source>Nomor antrian Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Selesai, kembali ke awal</source>
        <translation>Done, back to the start</translation>
    </message>
    <message>
        <source>Prioritas: {0}</source>
        <translation>Priority: {0}</translation>
    </message>
    <message>
        <source>Waktu layanan: ± {0} menit</source>
        <translation>Service time: ± {0} minutes</translation>
    </message>
    <message>
        <source>Biaya: {0}</source>
        <translation>Fee: {0}</translation>
    </message>
    <message>
        <source>Persyaratan:</source>
        <translation>Requirements:</translation>
    </message>
    <message>
        <source>Ketik kode booking lebih dulu.</source>
        <translation>Type the booking code first.</translation>
    </message>
    <message>
        <source>{0}
{1} orang di depan Anda · perkiraan tunggu ± {2} menit</source>
        <translation>{0}
{1} people ahead of you · estimated wait ± {2} minutes</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Bahasa / Language</source>
        <extracomment>Language code -&gt; its name in that language (how a person looks for their own).</extracomment>
        <translation>&amp;Language / Bahasa</translation>
    </message>
    <message>
        <source>Bahasa diganti ke {0}. Berlaku setelah Loket dibuka ulang.</source>
        <translation>Language changed to {0}. It takes effect the next time Loket starts.</translation>
    </message>
</context>
<context>
    <name>LetterheadTab</name>
    <message>
        <source>Pemerintah Kota/Kabupaten</source>
        <translation>City/regency government</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District (kecamatan)</translation>
    </message>
    <message>
        <source>Kelurahan/Desa</source>
        <translation>Village (kelurahan/desa)</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Tempat tanda tangan</source>
        <translation>Place of signing</translation>
    </message>
    <message>
        <source>Jabatan pimpinan</source>
        <translation>Head&apos;s title</translation>
    </message>
    <message>
        <source>Nama lurah</source>
        <translation>Head&apos;s name (lurah)</translation>
    </message>
    <message>
        <source>NIP lurah</source>
        <translation>Head&apos;s NIP</translation>
    </message>
    <message>
        <source>Jabatan penyusun</source>
        <translation>Preparer&apos;s title</translation>
    </message>
    <message>
        <source>Nama Kasi Pelayanan</source>
        <translation>Head of services&apos; name</translation>
    </message>
    <message>
        <source>NIP Kasi Pelayanan</source>
        <translation>Head of services&apos; NIP</translation>
    </message>
    <message>
        <source>mis. Pemerintah Kota Bandung</source>
        <translation>e.g. Pemerintah Kota Bandung</translation>
    </message>
    <message>
        <source>mis. Kecamatan Sukajadi</source>
        <translation>e.g. Kecamatan Sukajadi</translation>
    </message>
    <message>
        <source>mis. Kelurahan Sukamaju</source>
        <translation>e.g. Kelurahan Sukamaju</translation>
    </message>
    <message>
        <source>18 angka</source>
        <translation>18 digits</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Pilih logo…</source>
        <translation>Choose logo…</translation>
    </message>
    <message>
        <source>Pilih logo</source>
        <translation>Choose logo</translation>
    </message>
    <message>
        <source>Hapus logo</source>
        <translation>Remove logo</translation>
    </message>
    <message>
        <source>Logo (PNG/JPEG)</source>
        <translation>Logo (PNG/JPEG)</translation>
    </message>
    <message>
        <source>Simpan kop surat</source>
        <translation>Save letterhead</translation>
    </message>
    <message>
        <source>(tanpa logo)</source>
        <translation>(no logo)</translation>
    </message>
    <message>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Logo tidak dapat dibaca: {0}</source>
        <translation>Cannot read the logo: {0}</translation>
    </message>
    <message>
        <source>Kop surat tersimpan: tampil di setiap laporan PDF.</source>
        <translation>Letterhead saved: it appears on every PDF report.</translation>
    </message>
</context>
<context>
    <name>LinkLabel</name>
    <message>
        <source>Sambungan ke PC utama</source>
        <translation>Link to the main PC</translation>
    </message>
    <message>
        <source>Salinan data kantor di PC ini tertinggal {0} kejadian</source>
        <translation>This PC&apos;s copy of the office data is {0} events behind</translation>
    </message>
    <message>
        <source>PC utama: terhubung</source>
        <translation>Main PC: connected</translation>
    </message>
    <message>
        <source>salinan tertinggal {0}</source>
        <translation>copy {0} behind</translation>
    </message>
    <message>
        <source>PC utama: terputus sejak {0}</source>
        <translation>Main PC: disconnected since {0}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Masuk Loket</source>
        <translation>Sign in to Loket</translation>
    </message>
    <message>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Kata sandi atau PIN</source>
        <translation>Password or PIN</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kata sandi / PIN</source>
        <translation>Password / PIN</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Masuk sebagai petugas loket</source>
        <translation>Sign in as counter staff</translation>
    </message>
    <message>
        <source>Membuka data kantor…</source>
        <translation>Opening the office data…</translation>
    </message>
    <message>
        <source>Belum ada loket. Atur kantor lebih dulu.</source>
        <translation>No counters yet. Set up the office first.</translation>
    </message>
    <message>
        <source>Pilih loket.</source>
        <translation>Choose a counter.</translation>
    </message>
    <message>
        <source>Nama atau kata sandi salah.</source>
        <translation>Wrong name or password.</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Nama, kode wilayah Kemendagri (10 angka) dan zona waktu.</source>
        <translation>Name, Kemendagri region code (10 digits) and time zone.</translation>
    </message>
    <message>
        <source>Nama kantor</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>mis. Kelurahan Cihapit</source>
        <translation>e.g. Kelurahan Cihapit</translation>
    </message>
    <message>
        <source>Kode wilayah</source>
        <translation>Region code</translation>
    </message>
    <message>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Kantor ini sudah terdaftar dengan kode wilayah ini; kodenya tetap.</source>
        <translation>This office is already registered with this region code; the code stays.</translation>
    </message>
    <message>
        <source>Nama kantor wajib diisi.</source>
        <translation>The office name is required.</translation>
    </message>
</context>
<context>
    <name>OfficeTab</name>
    <message>
        <source>Nama kantor</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Kode wilayah</source>
        <translation>Region code</translation>
    </message>
    <message>
        <source>Simpan kantor</source>
        <translation>Save office</translation>
    </message>
    <message>
        <source>Data kantor tersimpan.</source>
        <translation>Office details saved.</translation>
    </message>
</context>
<context>
    <name>OnlineTab</name>
    <message>
        <source>Tiket membawa tautan posisi antrian (QR) ke server kota</source>
        <translation>Tickets carry a queue-position link (QR) to the city server</translation>
    </message>
    <message>
        <source>Alamat publik server kota</source>
        <translation>Public address of the city server</translation>
    </message>
    <message>
        <source>Penempatan booking</source>
        <translation>Booking placement</translation>
    </message>
    <message>
        <source>Urut kedatangan, seperti warga lain</source>
        <translation>In arrival order, like other citizens</translation>
    </message>
    <message>
        <source>Didahulukan bila datang dekat jam sesinya</source>
        <translation>First when arriving near their session</translation>
    </message>
    <message>
        <source>Menit sebelum sesi</source>
        <translation>Minutes before the session</translation>
    </message>
    <message>
        <source>Saluran pesan ke warga</source>
        <translation>Channel for messages to citizens</translation>
    </message>
    <message>
        <source>Tidak ada</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Alamat gateway pesan</source>
        <translation>Message gateway address</translation>
    </message>
    <message>
        <source>Token gateway pesan</source>
        <translation>Message gateway token</translation>
    </message>
    <message>
        <source>(tersimpan; isi untuk mengganti)</source>
        <translation>(saved; type to replace)</translation>
    </message>
    <message>
        <source>Pesan hampir giliran saat N orang di depan</source>
        <translation>&apos;Almost your turn&apos; message when N people are ahead</translation>
    </message>
    <message>
        <source>Sesi booking</source>
        <translation>Booking sessions</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Hari (1=Senin)</source>
        <translation>Days (1=Monday)</translation>
    </message>
    <message>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Kuota</source>
        <translation>Quota</translation>
    </message>
    <message>
        <source>Tambah sesi</source>
        <translation>Add session</translation>
    </message>
    <message>
        <source>Hapus sesi</source>
        <translation>Remove session</translation>
    </message>
    <message>
        <source>Simpan layanan online</source>
        <translation>Save online services</translation>
    </message>
    <message>
        <source>Alamat server kota</source>
        <translation>City server address</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>Booking</translation>
    </message>
    <message>
        <source>Pesan ke warga</source>
        <translation>Messages to citizens</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Hampir giliran (orang)</source>
        <translation>Almost your turn (people)</translation>
    </message>
    <message>
        <source>Layanan online tersimpan; PC utama mengirim sesinya ke server kota.</source>
        <translation>Online services saved; the office hub sends the sessions to the city server.</translation>
    </message>
</context>
<context>
    <name>OperatorMenuBar</name>
    <message>
        <source>&amp;Akun</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>&amp;Ganti kata sandi…</source>
        <translation>&amp;Change password…</translation>
    </message>
    <message>
        <source>&amp;Pengaturan kantor…</source>
        <translation>&amp;Office settings…</translation>
    </message>
    <message>
        <source>Cetak ulang tiket &amp;kios…</source>
        <translation>Reprint &amp;kiosk tickets…</translation>
    </message>
    <message>
        <source>&amp;Sinkronkan sekarang</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>&amp;Jendela</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <source>Buka &amp;kios antrian</source>
        <translation>Open the queue &amp;kiosk</translation>
    </message>
    <message>
        <source>Buka &amp;layar antrian</source>
        <translation>Open the queue &amp;display</translation>
    </message>
    <message>
        <source>Layar &amp;penilaian warga</source>
        <translation>Citizen &amp;rating screen</translation>
    </message>
    <message>
        <source>&amp;Laporan</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <source>&amp;Dasbor pelayanan</source>
        <translation>Service &amp;dashboard</translation>
    </message>
    <message>
        <source>Kuesioner &amp;SKM…</source>
        <translation>&amp;SKM questionnaire…</translation>
    </message>
    <message>
        <source>Serahkan dokumen &amp;tindak lanjut…</source>
        <translation>Hand over &amp;follow-up document…</translation>
    </message>
</context>
<context>
    <name>OperatorWindow</name>
    <message>
        <source>Panggil berikutnya</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Mulai layani</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <source>Selesai…</source>
        <translation>Finish…</translation>
    </message>
    <message>
        <source>Lewati (tidak hadir)</source>
        <translation>Skip (no-show)</translation>
    </message>
    <message>
        <source>Alihkan…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Panggil nomor…</source>
        <translation>Call a number…</translation>
    </message>
    <message>
        <source>Kembalikan ke antrian…</source>
        <translation>Return to queue…</translation>
    </message>
    <message>
        <source>Layani langsung</source>
        <translation>Serve walk-in</translation>
    </message>
    <message>
        <source>tanpa login</source>
        <translation>not signed in</translation>
    </message>
    <message>
        <source>Loket {0} · {1} · {2}</source>
        <translation>Counter {0} · {1} · {2}</translation>
    </message>
    <message>
        <source>Tombol pintas: {0}</source>
        <translation>Shortcut key: {0}</translation>
    </message>
    <message>
        <source>Server kota: belum diperiksa</source>
        <translation>City server: not checked yet</translation>
    </message>
    <message>
        <source>Status sinkronisasi</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>Server kota: disinkronkan oleh PC utama</source>
        <translation>City server: synced by the main PC</translation>
    </message>
    <message>
        <source>Status printer tiket</source>
        <translation>Ticket printer status</translation>
    </message>
    <message>
        <source>Loket dibuka kembali.</source>
        <translation>Counter opened again.</translation>
    </message>
    <message>
        <source>Status loket: {0}.</source>
        <translation>Counter status: {0}.</translation>
    </message>
    <message>
        <source>Kata sandi diganti.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>Anda tidak berhak membuka pengaturan kantor.</source>
        <translation>You are not allowed to open the office settings.</translation>
    </message>
    <message>
        <source>Server kota: {0}</source>
        <translation>City server: {0}</translation>
    </message>
    <message>
        <source>{0} selesai dilayani.</source>
        <translation>Finished serving {0}.</translation>
    </message>
    <message>
        <source>Pilih layanan lain atau loket tujuan.</source>
        <translation>Choose another service or a target counter.</translation>
    </message>
    <message>
        <source>{0} dialihkan.</source>
        <translation>{0} transferred.</translation>
    </message>
    <message>
        <source>Panggil nomor</source>
        <translation>Call a number</translation>
    </message>
    <message>
        <source>Nomor antrian (mis. A-012):</source>
        <translation>Queue number (e.g. A-012):</translation>
    </message>
    <message>
        <source>Kembalikan ke antrian</source>
        <translation>Return to the queue</translation>
    </message>
    <message>
        <source>Nomor yang dilewati (mis. A-012):</source>
        <translation>Skipped number (e.g. A-012):</translation>
    </message>
    <message>
        <source>{0} kembali ke antrian.</source>
        <translation>{0} is back in the queue.</translation>
    </message>
</context>
<context>
    <name>PcRoleTab</name>
    <message>
        <source>Jadikan PC utama</source>
        <translation>Make this the main PC</translation>
    </message>
    <message>
        <source>Jadikan satu-satunya PC kantor</source>
        <translation>Make this the office&apos;s only PC</translation>
    </message>
    <message>
        <source>Lepaskan dari PC utama</source>
        <translation>Leave the main PC</translation>
    </message>
    <message>
        <source>Jadikan PC ini PC utama</source>
        <translation>Make this PC the main PC</translation>
    </message>
    <message>
        <source>Buat kode pemasangan</source>
        <translation>Make a pairing code</translation>
    </message>
    <message>
        <source>PC yang dipasangkan</source>
        <translation>Paired PCs</translation>
    </message>
    <message>
        <source>Cabut pemasangan</source>
        <translation>Revoke pairing</translation>
    </message>
    <message>
        <source>Peran PC ini: PC utama kantor.</source>
        <translation>This PC&apos;s role: the office&apos;s main PC.</translation>
    </message>
    <message>
        <source>PC loket, kios dan layar lain tersambung ke PC ini. `loket hub run` harus berjalan di PC ini (mis. dari folder Startup Windows), dan firewall mengizinkan port 8765.</source>
        <translation>Counter, kiosk and display PCs connect to this PC. `loket hub run` must run on this PC (e.g. from the Windows Startup folder), and the firewall must allow port 8765.</translation>
    </message>
    <message>
        <source>Peran PC ini: PC klien, memakai antrian PC utama {0}.</source>
        <translation>This PC&apos;s role: a client PC, using the queue of the main PC {0}.</translation>
    </message>
    <message>
        <source>Melepas PC ini menghapus tandanya di PC ini; setelah Loket dimulai ulang, PC ini dapat diatur sebagai kantor sendiri atau dipasangkan lagi.</source>
        <translation>Leaving deletes this PC&apos;s pairing token here; after Loket restarts, this PC can be set up as an office of its own or paired again.</translation>
    </message>
    <message>
        <source>Peran PC ini: satu-satunya PC kantor.</source>
        <translation>This PC&apos;s role: the office&apos;s only PC.</translation>
    </message>
    <message>
        <source>Jadikan PC utama bila kantor memakai beberapa PC (loket, kios, layar) dengan satu antrian.</source>
        <translation>Make it the main PC when the office uses several PCs (counters, kiosk, display) with one queue.</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <source>dicabut</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>{0} — {1}, terakhir terlihat {2}</source>
        <translation>{0} — {1}, last seen {2}</translation>
    </message>
    <message>
        <source>Peran PC tidak dapat disimpan: {0}</source>
        <translation>This PC&apos;s role could not be saved: {0}</translation>
    </message>
    <message>
        <source>PC ini sekarang PC utama kantor. Jalankan `loket hub run` di PC ini.</source>
        <translation>This PC is now the office&apos;s main PC. Run `loket hub run` on it.</translation>
    </message>
    <message>
        <source>PC ini sekarang satu-satunya PC kantor. Hentikan `loket hub run`: PC lain tidak lagi dapat memakai antrian ini.</source>
        <translation>This PC is now the office&apos;s only PC. Stop `loket hub run`: other PCs can no longer use this queue.</translation>
    </message>
    <message>
        <source>PC ini dilepas dari PC utama. Mulai ulang Loket.</source>
        <translation>This PC left the main PC. Restart Loket.</translation>
    </message>
    <message>
        <source>Salinan data kantor di PC ini: kejadian terakhir #{0} pukul {1}.</source>
        <translation>This PC&apos;s copy of the office data: last event #{0} at {1}.</translation>
    </message>
    <message>
        <source>PC ini belum pernah menerima kabar dari PC utama.</source>
        <translation>This PC has never heard from the main PC.</translation>
    </message>
    <message>
        <source>PC utama terakhir mengumumkan #{0} pukul {1} (terakhir tersambung pukul {2}): salinan ini tertinggal {3} kejadian.</source>
        <translation>The main PC last announced #{0} at {1} (last connected at {2}): this copy is {3} events behind.</translation>
    </message>
    <message>
        <source>PC utama masih menjawab: PC ini tidak dijadikan PC utama (dua PC utama akan memecah antrian).</source>
        <translation>The main PC still answers: this PC is not made the main PC (two main PCs would split the queue).</translation>
    </message>
    <message>
        <source>Jadikan PC ini PC utama kantor? Lakukan ini hanya bila PC utama lama mati: PC lain akan mengikuti PC ini.</source>
        <translation>Make this PC the office&apos;s main PC? Do this only if the old main PC is dead: the other PCs will follow this PC.</translation>
    </message>
    <message>
        <source>Ya, jadikan PC utama</source>
        <translation>Yes, make it the main PC</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>PC ini kini PC utama kantor (epoch {0}). Jalankan `loket hub run` di PC ini, lalu mulai ulang Loket; PC lain mengikutinya sendiri.</source>
        <translation>This PC is now the office&apos;s main PC (epoch {0}). Run `loket hub run` on this PC, then restart Loket; the other PCs follow it by themselves.</translation>
    </message>
    <message>
        <source>Kode sekali pakai, berlaku sampai {0}. Ketik kode ini di PC baru: wizard → Sambungkan ke PC utama.</source>
        <translation>One-time code, valid until {0}. Type it on the new PC: wizard → Connect to the main PC.</translation>
    </message>
    <message>
        <source>Pilih PC yang akan dicabut.</source>
        <translation>Choose the PC to revoke.</translation>
    </message>
    <message>
        <source>Pemasangan {0} dicabut: PC itu harus dipasangkan ulang.</source>
        <translation>Pairing of {0} revoked: that PC must be paired again.</translation>
    </message>
</context>
<context>
    <name>PolicyTab</name>
    <message>
        <source>Kebijakan prioritas</source>
        <translation>Priority policy</translation>
    </message>
    <message>
        <source>Prioritas selalu didahulukan</source>
        <translation>Priority numbers always go first</translation>
    </message>
    <message>
        <source>Satu prioritas setiap N antrian biasa</source>
        <translation>One priority number after every N regular ones</translation>
    </message>
    <message>
        <source>N antrian biasa</source>
        <translation>N regular numbers</translation>
    </message>
    <message>
        <source>Antrian tetap buka melewati tengah malam</source>
        <translation>Keep the queue open past midnight</translation>
    </message>
    <message>
        <source>Teks berjalan layar antrian</source>
        <translation>Running text of the queue display</translation>
    </message>
    <message>
        <source>Prioritas</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Teks berjalan</source>
        <translation>Running text</translation>
    </message>
    <message>
        <source>Simpan kebijakan</source>
        <translation>Save policy</translation>
    </message>
    <message>
        <source>Kebijakan tersimpan.</source>
        <translation>Policy saved.</translation>
    </message>
</context>
<context>
    <name>QueueLists</name>
    <message>
        <source>Saring layanan</source>
        <translation>Filter by service</translation>
    </message>
    <message>
        <source>Semua layanan loket ini</source>
        <translation>All services of this counter</translation>
    </message>
    <message>
        <source>Daftar antrian menunggu</source>
        <translation>List of waiting numbers</translation>
    </message>
    <message>
        <source>Daftar selesai hari ini</source>
        <translation>List of numbers served today</translation>
    </message>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Selesai hari ini</source>
        <translation>Served today</translation>
    </message>
    <message>
        <source>Menunggu ({0})</source>
        <translation>Waiting ({0})</translation>
    </message>
</context>
<context>
    <name>RatingWindow</name>
    <message>
        <source>Sangat tidak puas</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>Tidak puas</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Puas</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Sangat puas</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Penilaian Layanan</source>
        <translation>Rate Our Service</translation>
    </message>
    <message>
        <source>Lewati</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Lewati penilaian</source>
        <translation>Skip rating</translation>
    </message>
    <message>
        <source>Terima kasih telah berkunjung</source>
        <translation>Thank you for your visit</translation>
    </message>
    <message>
        <source>Setelah dilayani, beri nilai layanan kami di sini.</source>
        <translation>After your service, rate us here.</translation>
    </message>
    <message>
        <source>Bagaimana layanan kami untuk nomor {0}?</source>
        <translation>How was our service for number {0}?</translation>
    </message>
    <message>
        <source>Sentuh salah satu wajah.</source>
        <translation>Touch one of the faces.</translation>
    </message>
    <message>
        <source>Terima kasih atas penilaian Anda!</source>
        <translation>Thank you for your rating!</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Basis data bermasalah</source>
        <translation>Database problem</translation>
    </message>
    <message>
        <source>&lt;b&gt;Basis data Loket tidak dapat dipakai.&lt;/b&gt;&lt;br&gt;{0}&lt;br&gt;&lt;br&gt;Pilih cadangan untuk dipulihkan. Berkas yang rusak disimpan, tidak dihapus.</source>
        <translation>&lt;b&gt;Loket&apos;s database cannot be used.&lt;/b&gt;&lt;br&gt;{0}&lt;br&gt;&lt;br&gt;Choose a backup to restore. The damaged file is kept, not deleted.</translation>
    </message>
    <message>
        <source>Daftar cadangan</source>
        <translation>List of backups</translation>
    </message>
    <message>
        <source>Pilih berkas cadangan lain…</source>
        <translation>Choose another backup file…</translation>
    </message>
    <message>
        <source>Pulihkan</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Berkas cadangan</source>
        <translation>Backup file</translation>
    </message>
    <message>
        <source>Belum ada cadangan. Hubungi admin kota.</source>
        <translation>No backups yet. Contact the city&apos;s admin.</translation>
    </message>
</context>
<context>
    <name>ReportText</name>
    <message>
        <source>Ambil nomor</source>
        <translation>Took a number</translation>
    </message>
    <message>
        <source>Antrian</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Dialihkan</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Diserahkan</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Ditangani</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>IKM unsur</source>
        <translation>Element IKM</translation>
    </message>
    <message>
        <source>Jam bertugas</source>
        <translation>Hours on duty</translation>
    </message>
    <message>
        <source>Jeda antar warga rata-rata (menit)</source>
        <translation>Mean gap between citizens (minutes)</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Jumlah nilai</source>
        <translation>Sum of scores</translation>
    </message>
    <message>
        <source>Karakteristik</source>
        <translation>Characteristic</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Layanan (menit)</source>
        <translation>Service (minutes)</translation>
    </message>
    <message>
        <source>Layanan median (menit)</source>
        <translation>Median service (minutes)</translation>
    </message>
    <message>
        <source>Layanan p90 (menit)</source>
        <translation>Service p90 (minutes)</translation>
    </message>
    <message>
        <source>Layanan rata-rata (menit)</source>
        <translation>Mean service (minutes)</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Menuju loket median (menit)</source>
        <translation>Median walk to the counter (minutes)</translation>
    </message>
    <message>
        <source>Mulai</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Mutu</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>NRR</source>
        <translation>NRR</translation>
    </message>
    <message>
        <source>NRR tertimbang</source>
        <translation>Weighted NRR</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nama warga</source>
        <translation>Citizen&apos;s name</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Penilaian</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Persen (%)</source>
        <translation>Percent (%)</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Prioritas</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Saran</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Selesai per jam</source>
        <translation>Served per hour</translation>
    </message>
    <message>
        <source>Sesuai standar (%)</source>
        <translation>Within the standard (%)</translation>
    </message>
    <message>
        <source>Standar (menit)</source>
        <translation>Standard (minutes)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Tanggal jadi</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Tanggal layanan</source>
        <translation>Service date</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Tunggu (menit)</source>
        <translation>Wait (minutes)</translation>
    </message>
    <message>
        <source>Tunggu median (menit)</source>
        <translation>Median wait (minutes)</translation>
    </message>
    <message>
        <source>Tunggu p90 (menit)</source>
        <translation>Wait p90 (minutes)</translation>
    </message>
    <message>
        <source>Tunggu rata-rata (menit)</source>
        <translation>Mean wait (minutes)</translation>
    </message>
    <message>
        <source>Unsur pelayanan</source>
        <translation>Service element</translation>
    </message>
    <message>
        <source>Urutan</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Wajah</source>
        <translation>Face</translation>
    </message>
    <message>
        <source>Waktu luang (jam)</source>
        <translation>Idle time (hours)</translation>
    </message>
    <message>
        <source>Kedatangan dan selesai per jam</source>
        <translation>Arrivals and served per hour</translation>
    </message>
    <message>
        <source>Volume per layanan</source>
        <translation>Volume per service</translation>
    </message>
    <message>
        <source>Waktu tunggu per layanan (menit)</source>
        <translation>Waiting time per service (minutes)</translation>
    </message>
    <message>
        <source>Sebaran waktu tunggu (menit)</source>
        <translation>Spread of waiting times (minutes)</translation>
    </message>
    <message>
        <source>NRR per unsur (1–4)</source>
        <translation>NRR per element (1–4)</translation>
    </message>
    <message>
        <source>Datang</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>Menit</source>
        <translation>Minutes</translation>
    </message>
</context>
<context>
    <name>ServicesPage</name>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Nama layanan</source>
        <translation>Service name</translation>
    </message>
    <message>
        <source>Waktu standar (menit)</source>
        <translation>Standard time (minutes)</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Centang layanan kantor ini; nama dan waktu standar dapat diubah langsung di tabel.</source>
        <translation>Tick this office&apos;s services; names and standard times can be edited right in the table.</translation>
    </message>
    <message>
        <source>Daftar layanan</source>
        <translation>List of services</translation>
    </message>
    <message>
        <source>Pilih paling sedikit satu layanan.</source>
        <translation>Choose at least one service.</translation>
    </message>
    <message>
        <source>Waktu standar harus angka menit lebih dari 0.</source>
        <translation>The standard time must be a number of minutes above 0.</translation>
    </message>
    <message>
        <source>Layanan {0}: {1}</source>
        <translation>Service {0}: {1}</translation>
    </message>
</context>
<context>
    <name>ServicesTab</name>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Menit standar</source>
        <translation>Standard minutes</translation>
    </message>
    <message>
        <source>Biaya (Rp)</source>
        <translation>Fee (Rp)</translation>
    </message>
    <message>
        <source>Kuota/hari</source>
        <translation>Quota/day</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Daftar layanan</source>
        <translation>List of services</translation>
    </message>
    <message>
        <source>Simpan perubahan layanan</source>
        <translation>Save service changes</translation>
    </message>
    <message>
        <source>Menit, biaya dan kuota harus angka ({0}).</source>
        <translation>Minutes, fee and quota must be numbers ({0}).</translation>
    </message>
    <message>
        <source>Layanan {0}: {1}</source>
        <translation>Service {0}: {1}</translation>
    </message>
    <message>
        <source>Perubahan layanan tersimpan.</source>
        <translation>Service changes saved.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Penyiapan Loket</source>
        <translation>Loket Setup</translation>
    </message>
    <message>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SkmForm</name>
    <message>
        <source>Survei Kepuasan Masyarakat</source>
        <translation>Public Satisfaction Survey (SKM)</translation>
    </message>
    <message>
        <source>Penilaian (wajib, semua unsur)</source>
        <translation>Rating (required, every element)</translation>
    </message>
    <message>
        <source>Profil responden (tidak wajib)</source>
        <translation>About you (optional)</translation>
    </message>
    <message>
        <source>— tidak diisi —</source>
        <translation>— not given —</translation>
    </message>
    <message>
        <source>Layanan yang diterima</source>
        <translation>Service received</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Tanggal survei</source>
        <translation>Survey date</translation>
    </message>
    <message>
        <source>Teks yang ditempel dipotong: saran paling banyak {0} karakter.</source>
        <translation>The pasted text was cut: a suggestion holds at most {0} characters.</translation>
    </message>
    <message>
        <source>Saran dan masukan</source>
        <translation>Suggestions and feedback</translation>
    </message>
    <message>
        <source>Saran dan masukan (tidak wajib)</source>
        <translation>Suggestions and feedback (optional)</translation>
    </message>
    <message>
        <source>Kirim</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Kirim kuesioner</source>
        <translation>Send the questionnaire</translation>
    </message>
    <message>
        <source>{0} unsur belum dijawab.</source>
        <translation>{0} elements not answered yet.</translation>
    </message>
    <message>
        <source>Terima kasih, jawaban Anda tersimpan.</source>
        <translation>Thank you, your answers are saved.</translation>
    </message>
</context>
<context>
    <name>SlotGuard</name>
    <message>
        <source>Terjadi kesalahan yang tidak terduga; tindakan terakhir mungkin tidak selesai. Loket tetap berjalan: periksa layar lalu ulangi bila perlu.</source>
        <translation>An unexpected error occurred; the last action may not have finished. Loket keeps running: check the screen and try again if needed.</translation>
    </message>
    <message>
        <source>Rinciannya dicatat di {0}.</source>
        <translation>The details are in {0}.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Selamat datang di Loket</source>
        <translation>Welcome to Loket</translation>
    </message>
    <message>
        <source>Belum ada kantor di komputer ini. Apa peran PC ini?</source>
        <translation>No office on this computer yet. What is this PC&apos;s role?</translation>
    </message>
    <message>
        <source>PC ini satu-satunya PC kantor</source>
        <translation>This PC is the office&apos;s only PC</translation>
    </message>
    <message>
        <source>PC ini PC utama kantor</source>
        <translation>This PC is the office&apos;s main PC</translation>
    </message>
    <message>
        <source>Sambungkan ke PC utama</source>
        <translation>Connect to the main PC</translation>
    </message>
    <message>
        <source>Coba dulu dengan kantor demo</source>
        <translation>Try it first with the demo office</translation>
    </message>
    <message>
        <source>Atur kantor baru; semua layar (loket, kios, layar TV) di PC ini.</source>
        <translation>Set up a new office; every screen (counter, kiosk, TV display) on this PC.</translation>
    </message>
    <message>
        <source>Atur kantor baru di PC ini; PC loket, kios dan layar lain tersambung ke sini lewat jaringan kantor. Pilih PC yang selalu menyala (dengan UPS).</source>
        <translation>Set up a new office on this PC; counter, kiosk and display PCs connect here over the office network. Pick a PC that is always on (with a UPS).</translation>
    </message>
    <message>
        <source>Kantor sudah diatur di PC utama: PC ini menjadi loket, kios atau layar yang memakai antrian PC utama.</source>
        <translation>The office is set up on the main PC already: this PC becomes a counter, kiosk or display using the main PC&apos;s queue.</translation>
    </message>
    <message>
        <source>Kantor demo tersimpan di folder tersendiri dan tidak mengganggu data kantor sebenarnya.</source>
        <translation>The demo office is kept in a folder of its own and never touches the real office&apos;s data.</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <source>istirahat</source>
        <translation>on a break</translation>
    </message>
    <message>
        <source>sholat</source>
        <translation>prayer</translation>
    </message>
    <message>
        <source>sholat Jumat</source>
        <translation>Friday prayer</translation>
    </message>
    <message>
        <source>rapat</source>
        <translation>meeting</translation>
    </message>
    <message>
        <source>tugas luar</source>
        <translation>field duty</translation>
    </message>
    <message>
        <source>Nomor antrian sekarang</source>
        <translation>Current queue number</translation>
    </message>
    <message>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <source>Status loket</source>
        <translation>Counter status</translation>
    </message>
    <message>
        <source>Istirahat atau tutup: layar antrian menampilkannya dan loket ini tidak dapat memanggil antrian sampai dibuka lagi.</source>
        <translation>On a break or closed: the queue display shows it and this counter cannot call anyone until it is opened again.</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Istirahat: {0}</source>
        <translation>Break: {0}</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Tidak ada antrian di loket ini</source>
        <translation>No queue number at this counter</translation>
    </message>
    <message>
        <source>Tekan F1 untuk memanggil antrian berikutnya</source>
        <translation>Press F1 to call the next number</translation>
    </message>
    <message>
        <source>Prioritas: {0}</source>
        <translation>Priority: {0}</translation>
    </message>
    <message>
        <source>{0} · menunggu {1} · dipanggil {2}×</source>
        <translation>{0} · waited {1} · called {2}×</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Alihkan antrian {0}</source>
        <translation>Transfer {0}</translation>
    </message>
    <message>
        <source>Layanan tujuan</source>
        <translation>Target service</translation>
    </message>
    <message>
        <source>Loket tujuan</source>
        <translation>Target counter</translation>
    </message>
    <message>
        <source>Loket mana saja</source>
        <translation>Any counter</translation>
    </message>
    <message>
        <source>Catatan pengalihan</source>
        <translation>Transfer note</translation>
    </message>
    <message>
        <source>Catatan untuk loket tujuan (tidak wajib)</source>
        <translation>Note for the target counter (optional)</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Petugas</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Daftar pengguna</source>
        <translation>List of users</translation>
    </message>
    <message>
        <source>Nama pengguna baru</source>
        <translation>New user&apos;s name</translation>
    </message>
    <message>
        <source>Peran pengguna baru</source>
        <translation>New user&apos;s role</translation>
    </message>
    <message>
        <source>Kata sandi pengguna</source>
        <translation>User&apos;s password</translation>
    </message>
    <message>
        <source>Kata sandi / PIN</source>
        <translation>Password / PIN</translation>
    </message>
    <message>
        <source>Tambah pengguna</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Atur ulang kata sandi terpilih</source>
        <translation>Reset the selected user&apos;s password</translation>
    </message>
    <message>
        <source>Aktif / nonaktifkan terpilih</source>
        <translation>Activate / deactivate the selected user</translation>
    </message>
    <message>
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Pengguna {0} ditambahkan.</source>
        <translation>User {0} added.</translation>
    </message>
    <message>
        <source>Pilih pengguna dan isi kata sandi barunya.</source>
        <translation>Choose a user and enter the new password.</translation>
    </message>
    <message>
        <source>Kata sandi {0} diatur ulang.</source>
        <translation>Password of {0} reset.</translation>
    </message>
    <message>
        <source>Pilih pengguna.</source>
        <translation>Choose a user.</translation>
    </message>
    <message>
        <source>Status {0} diubah.</source>
        <translation>Status of {0} changed.</translation>
    </message>
</context>
<context>
    <name>VoiceClipsPage</name>
    <message>
        <source>Ucapkan</source>
        <translation>Say</translation>
    </message>
    <message>
        <source>Untuk</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Rekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>Rekam</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Putar</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Impor folder WAV…</source>
        <translation>Import WAV folder…</translation>
    </message>
    <message>
        <source>Tidak ada mikrofon di PC ini, jadi rekaman tidak dapat dibuat di sini. Pasang mikrofon lalu buka lagi pengaturan ini, atau impor rekaman WAV dari folder.</source>
        <translation>This PC has no microphone, so recordings cannot be made here. Connect a microphone and open these settings again, or import WAV recordings from a folder.</translation>
    </message>
    <message>
        <source>Rekam suara petugas untuk panggilan: pilih baris, tekan Rekam, ucapkan kata-katanya dengan jelas, lalu tekan Berhenti. Rekaman yang kurang membuat panggilan memakai suara bawaan Loket.</source>
        <translation>Record a staff member&apos;s voice for the calls: pick a line, press Record, say the words clearly, then press Stop. Missing recordings make the calls use Loket&apos;s bundled voice.</translation>
    </message>
    <message>
        <source>ada</source>
        <translation>present</translation>
    </message>
    <message>
        <source>{0} dari {1} rekaman ada.</source>
        <translation>{0} of {1} recordings present.</translation>
    </message>
    <message>
        <source>Berhenti</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Tidak ada mikrofon di PC ini: impor rekaman WAV dari folder.</source>
        <translation>No microphone on this PC: import WAV recordings from a folder.</translation>
    </message>
    <message>
        <source>Mikrofon tidak dapat dibuka.</source>
        <translation>The microphone cannot be opened.</translation>
    </message>
    <message>
        <source>Merekam: ucapkan “{0}”</source>
        <translation>Recording: say “{0}”</translation>
    </message>
    <message>
        <source>Rekaman “{0}” hanya berisi diam: rekam ulang.</source>
        <translation>The recording “{0}” is only silence: record it again.</translation>
    </message>
    <message>
        <source>Rekaman tidak dapat disimpan: {0}</source>
        <translation>The recording cannot be saved: {0}</translation>
    </message>
    <message>
        <source>Folder rekaman WAV</source>
        <translation>Folder of WAV recordings</translation>
    </message>
    <message>
        <source>Impor gagal: {0}</source>
        <translation>Import failed: {0}</translation>
    </message>
</context>
<context>
    <name>VoiceSettingsDialog</name>
    <message>
        <source>Suara panggilan di PC ini</source>
        <translation>Call voice on this PC</translation>
    </message>
    <message>
        <source>Ucapkan panggilan (mati: bel saja)</source>
        <translation>Speak the calls (off: chime only)</translation>
    </message>
    <message>
        <source>Otomatis (rekaman kantor, suara sistem, suara bawaan)</source>
        <translation>Automatic (office recordings, system voice, bundled voice)</translation>
    </message>
    <message>
        <source>Rekaman suara kantor</source>
        <translation>Office voice recordings</translation>
    </message>
    <message>
        <source>Suara bawaan Loket</source>
        <translation>Loket&apos;s bundled voice</translation>
    </message>
    <message>
        <source>Suara sistem (Windows/Linux)</source>
        <translation>System voice (Windows/Linux)</translation>
    </message>
    <message>
        <source> kali</source>
        <translation> times</translation>
    </message>
    <message>
        <source>Uji suara</source>
        <translation>Test voice</translation>
    </message>
    <message>
        <source>Impor rekaman WAV…</source>
        <translation>Import WAV recordings…</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Suara</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Diulang</source>
        <translation>Repeated</translation>
    </message>
    <message>
        <source>Yang bersuara</source>
        <translation>Speaking now</translation>
    </message>
    <message>
        <source>Rekaman kantor</source>
        <translation>Office recordings</translation>
    </message>
    <message>
        <source>rekaman suara kantor</source>
        <translation>office voice recordings</translation>
    </message>
    <message>
        <source>suara bawaan Loket</source>
        <translation>Loket&apos;s bundled voice</translation>
    </message>
    <message>
        <source>suara sistem</source>
        <translation>system voice</translation>
    </message>
    <message>
        <source>bel saja</source>
        <translation>chime only</translation>
    </message>
    <message>
        <source>tidak ada folder rekaman</source>
        <translation>no recordings folder</translation>
    </message>
    <message>
        <source>{0} dari {1} rekaman ada</source>
        <translation>{0} of {1} recordings present</translation>
    </message>
    <message>
        <source>; belum: {0}</source>
        <translation>; missing: {0}</translation>
    </message>
    <message>
        <source>Folder rekaman WAV</source>
        <translation>Folder of WAV recordings</translation>
    </message>
    <message>
        <source>Impor gagal: {0}</source>
        <translation>Import failed: {0}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Kantor belum diatur di {0}. Coba dulu dengan `loket --demo`, atau atur kantor dengan wizard penyiapan (`loket`) atau `loket office init`.</source>
        <translation>No office is set up in {0}. Try `loket --demo` first, or set up the office with the set-up wizard (`loket`) or `loket office init`.</translation>
    </message>
    <message>
        <source>Demo: masuk sebagai petugas1, petugas2 atau petugas3, PIN {0}.</source>
        <extracomment>What the operator window needs once the login is done, loaded during the login.</extracomment>
        <translation>Demo: sign in as petugas1, petugas2 or petugas3, PIN {0}.</translation>
    </message>
</context>
<context>
    <name>display</name>
    <message>
        <source>Senin</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Selasa</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Rabu</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Kamis</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Jumat</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Sabtu</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Minggu</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>Januari</source>
        <translation>January</translation>
    </message>
    <message>
        <source>Februari</source>
        <translation>February</translation>
    </message>
    <message>
        <source>Maret</source>
        <translation>March</translation>
    </message>
    <message>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <source>Mei</source>
        <translation>May</translation>
    </message>
    <message>
        <source>Juni</source>
        <translation>June</translation>
    </message>
    <message>
        <source>Juli</source>
        <translation>July</translation>
    </message>
    <message>
        <source>Agustus</source>
        <translation>August</translation>
    </message>
    <message>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <source>Oktober</source>
        <translation>October</translation>
    </message>
    <message>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <source>Desember</source>
        <translation>December</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <source>{0} mnt</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>Disabilitas</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>Lansia</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>Ibu hamil</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <source>Anak-anak</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Korban bencana</source>
        <translation>Disaster victim</translation>
    </message>
    <message>
        <source>Booking online</source>
        <translation>Online booking</translation>
    </message>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Dilayani</source>
        <translation>Being served</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Dialihkan</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Tindak lanjut</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Prioritas</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Lama layanan</source>
        <translation>Service time</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Cetak laporan hari ini</source>
        <extracomment>Live views refresh at most this often, however busy the counters are.</extracomment>
        <translation>Print today&apos;s report</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>NOMOR ANTRIAN</source>
        <translation>QUEUE NUMBER</translation>
    </message>
    <message>
        <source>{0} orang di depan Anda</source>
        <translation>{0} people ahead of you</translation>
    </message>
    <message>
        <source>Perkiraan tunggu ± {0} menit</source>
        <translation>Estimated wait ± {0} minutes</translation>
    </message>
    <message>
        <source>Mohon menunggu panggilan. Terima kasih.</source>
        <translation>Please wait to be called. Thank you.</translation>
    </message>
    <message>
        <source>CETAK ULANG</source>
        <translation>REPRINT</translation>
    </message>
    <message>
        <source>dicetak ulang {0}</source>
        <translation>reprinted {0}</translation>
    </message>
    <message>
        <source>Printer tidak ditemukan. Nomor antrian tetap tercatat.</source>
        <translation>No printer found. The queue number is still recorded.</translation>
    </message>
    <message>
        <source>Printer {0} tidak tersedia. Nomor antrian tetap tercatat.</source>
        <translation>Printer {0} is not available. The queue number is still recorded.</translation>
    </message>
    <message>
        <source>Printer tidak siap (kertas habis atau tidak tersambung). Nomor antrian tetap tercatat.</source>
        <translation>The printer is not ready (out of paper or not connected). The queue number is still recorded.</translation>
    </message>
    <message>
        <source>Printer tiket tidak terhubung. Nomor tetap bisa diambil.</source>
        <translation>The ticket printer is not connected. Numbers can still be issued.</translation>
    </message>
    <message>
        <source>Kertas printer tiket habis: ganti gulungan kertas.</source>
        <translation>The ticket printer is out of paper: change the roll.</translation>
    </message>
    <message>
        <source>Tutup printer tiket terbuka.</source>
        <translation>The ticket printer&apos;s cover is open.</translation>
    </message>
    <message>
        <source>Printer tiket sedang tidak siap (offline).</source>
        <translation>The ticket printer is not ready (offline).</translation>
    </message>
    <message>
        <source>Kertas printer tiket hampir habis.</source>
        <translation>The ticket printer&apos;s paper is nearly out.</translation>
    </message>
    <message>
        <source>Printer tiket siap.</source>
        <translation>The ticket printer is ready.</translation>
    </message>
</context>
<context>
    <name>report_print</name>
    <message>
        <source>Halaman {0} dari {1}</source>
        <translation>Page {0} of {1}</translation>
    </message>
    <message>
        <source>(tidak ada data)</source>
        <translation>(no data)</translation>
    </message>
    <message>
        <source>{0} (lanjutan)</source>
        <translation>{0} (continued)</translation>
    </message>
    <message>
        <source>Printer atau berkas PDF tidak dapat dibuka.</source>
        <extracomment>Bar colours: the display&apos;s navy and amber, then quieter ones.</extracomment>
        <translation>Cannot open the printer or the PDF file.</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
