//! Whether an image decodes in full (PNG and JPEG only), within limits that bound the memory a
//! hostile header could ask for.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Widest and tallest accepted image, in pixels.
const MAX_SIDE: u32 = 12_000;
/// Most memory the decoder may allocate.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// Whether `bytes` decode as an image of `format`.
pub fn decodes(bytes: &[u8], format: ImageFormat) -> bool {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader.decode().is_ok()
}
