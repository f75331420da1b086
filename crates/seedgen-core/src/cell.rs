//! One cell while a row is being built: a small tagged value plus reusable buffers, so a
//! row is generated without a heap allocation per cell once the buffers have grown.

/// The value of a cell; text, bytes and array items live in the [`Slot`]'s buffers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Val {
    /// SQL NULL.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer, or a decimal's unscaled value (the column knows the scale).
    Int(i128),
    /// A float.
    Float(f64),
    /// Text in [`Slot::text`].
    Text,
    /// Bytes in [`Slot::bytes`].
    Bytes,
    /// Days since 1970-01-01.
    Date(i64),
    /// Microseconds since midnight.
    Time(i64),
    /// Microseconds since the epoch, UTC.
    Timestamp(i64),
    /// Elements in [`Slot::items`].
    Array,
}

/// A cell and its buffers.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    /// The value.
    pub val: Val,
    /// Text of a [`Val::Text`].
    pub text: String,
    /// Bytes of a [`Val::Bytes`].
    pub bytes: Vec<u8>,
    /// Elements of a [`Val::Array`].
    pub items: Vec<Slot>,
    /// How many of `items` are in use.
    pub len: usize,
}

impl Slot {
    /// Sets NULL.
    pub fn set_null(&mut self) {
        self.val = Val::Null;
    }

    /// Clears the text buffer and marks the cell as text; write into `self.text` next.
    pub fn text_mut(&mut self) -> &mut String {
        self.val = Val::Text;
        self.text.clear();
        &mut self.text
    }

    /// Sets text.
    pub fn set_text(&mut self, s: &str) {
        self.text_mut().push_str(s);
    }

    /// A text cell.
    pub fn of_text(s: &str) -> Slot {
        let mut slot = Slot::default();
        slot.set_text(s);
        slot
    }

    /// Whether the cell is NULL.
    pub fn is_null(&self) -> bool {
        self.val == Val::Null
    }

    /// Copies another cell's value into this one, reusing buffers.
    pub fn copy_from(&mut self, other: &Slot) {
        self.val = other.val;
        match other.val {
            Val::Text => {
                self.text.clear();
                self.text.push_str(&other.text);
            }
            Val::Bytes => {
                self.bytes.clear();
                self.bytes.extend_from_slice(&other.bytes);
            }
            Val::Array => {
                self.len = other.len;
                if self.items.len() < other.len {
                    self.items.resize_with(other.len, Slot::default);
                }
                for (a, b) in self.items.iter_mut().zip(&other.items[..other.len]) {
                    a.copy_from(b);
                }
            }
            _ => {}
        }
    }

    /// Whether two cells hold the same value.
    pub fn same(&self, other: &Slot) -> bool {
        match (self.val, other.val) {
            (Val::Text, Val::Text) => self.text == other.text,
            (Val::Bytes, Val::Bytes) => self.bytes == other.bytes,
            (Val::Array, Val::Array) => {
                self.len == other.len
                    && self.items[..self.len]
                        .iter()
                        .zip(&other.items[..other.len])
                        .all(|(a, b)| a.same(b))
            }
            (a, b) => a == b,
        }
    }
}
