//! The data export's compression: gzip, at the level measured to fit the build.

use std::io;

use flate2::write::GzEncoder;

/// The gzip level of the export. Measured on 10,000 generated articles (146 MB of
/// JSON), whole builds with search off, three each: level 1 wrote 33.8 MB in 3.51 to
/// 3.97 s, level 3 23.8 MB in 3.39 to 3.81 s, level 6 20.5 MB in 4.76 to 4.92 s.
const LEVEL: u32 = 3;

/// Writes what `write` writes to `w`, gzip-compressed.
pub fn gzip_to(
    w: &mut dyn io::Write,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut gz = GzEncoder::new(w, flate2::Compression::new(LEVEL));
    write(&mut gz)?;
    gz.finish().map(drop)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn what_is_gzipped_gunzips_to_itself() {
        let text = b"{\"format\":\"dossier-export\"}".repeat(100);
        let mut gz = Vec::new();
        gzip_to(&mut gz, |w| w.write_all(&text)).unwrap();
        assert!(gz.len() < text.len() / 4, "{}", gz.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }
}
