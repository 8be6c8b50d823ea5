//! The bounds of an SVG path, to compute a map's viewBox: a small parser of the path commands
//! (absolute and relative move, line, horizontal, vertical, close; for curves and arcs only the
//! end points are taken, which is enough for the outlines of administrative areas).

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Bounds {
    fn point(x: f64, y: f64) -> Bounds {
        Bounds {
            min_x: x,
            min_y: y,
            max_x: x,
            max_y: y,
        }
    }

    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }

    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }

    pub fn center(&self) -> (f64, f64) {
        (
            (self.min_x + self.max_x) / 2.0,
            (self.min_y + self.max_y) / 2.0,
        )
    }
}

/// Splits path data into command letters and numbers (`-` and a second `.` start a new number).
fn tokens(d: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = d.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_ascii_alphabetic() && c != 'e' && c != 'E' {
            out.push(Token::Command(c));
            chars.next();
        } else if c.is_ascii_whitespace() || c == ',' {
            chars.next();
        } else if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() {
            let mut end = start;
            let mut seen_dot = false;
            let mut seen_exp = false;
            let mut first = true;
            while let Some(&(i, ch)) = chars.peek() {
                let sign_ok =
                    first || (seen_exp && matches!(d[..i].chars().last(), Some('e' | 'E')));
                let accept = ch.is_ascii_digit()
                    || ((ch == '-' || ch == '+') && sign_ok)
                    || (ch == '.' && !seen_dot && !seen_exp)
                    || ((ch == 'e' || ch == 'E') && !seen_exp && !first);
                if !accept {
                    break;
                }
                seen_dot |= ch == '.';
                seen_exp |= ch == 'e' || ch == 'E';
                first = false;
                end = i + ch.len_utf8();
                chars.next();
            }
            out.push(Token::Number(d[start..end].parse().ok()?));
        } else {
            return None;
        }
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Command(char),
    Number(f64),
}

/// How many numbers a command takes, and which pair is its end point (x index, y index);
/// `None` for H/V (one number) handled apart, and for Z.
fn arity(command: char) -> Option<(usize, usize)> {
    match command.to_ascii_uppercase() {
        'M' | 'L' | 'T' => Some((2, 0)),
        'S' | 'Q' => Some((4, 2)),
        'C' => Some((6, 4)),
        'A' => Some((7, 5)),
        _ => None,
    }
}

/// The bounds of the points a path goes through; `None` for an empty or malformed path.
pub fn bounds(d: &str) -> Option<Bounds> {
    let tokens = tokens(d)?;
    let mut bounds: Option<Bounds> = None;
    let (mut x, mut y) = (0.0_f64, 0.0_f64);
    let (mut start_x, mut start_y) = (0.0_f64, 0.0_f64);
    let mut at = 0;
    let mut command: Option<char> = None;
    let include = |bx: f64, by: f64, bounds: &mut Option<Bounds>| {
        let p = Bounds::point(bx, by);
        *bounds = Some(bounds.map_or(p, |b| b.union(p)));
    };
    while at < tokens.len() {
        if let Token::Command(c) = tokens[at] {
            command = Some(c);
            at += 1;
            if c == 'z' || c == 'Z' {
                x = start_x;
                y = start_y;
                continue;
            }
        }
        let c = command?;
        let relative = c.is_ascii_lowercase();
        let numbers = |n: usize| -> Option<Vec<f64>> {
            (0..n)
                .map(|k| match tokens.get(at + k) {
                    Some(Token::Number(v)) => Some(*v),
                    _ => None,
                })
                .collect()
        };
        match c.to_ascii_uppercase() {
            'H' | 'V' => {
                let v = *numbers(1)?.first()?;
                if c.eq_ignore_ascii_case(&'H') {
                    x = if relative { x + v } else { v };
                } else {
                    y = if relative { y + v } else { v };
                }
                at += 1;
            }
            'Z' => return None,
            _ => {
                let (n, end) = arity(c)?;
                let v = numbers(n)?;
                let (ex, ey) = (v[end], v[end + 1]);
                if relative {
                    x += ex;
                    y += ey;
                } else {
                    x = ex;
                    y = ey;
                }
                at += n;
                if c.eq_ignore_ascii_case(&'M') {
                    start_x = x;
                    start_y = y;
                    // Numbers after a move are line-tos.
                    command = Some(if relative { 'l' } else { 'L' });
                }
            }
        }
        include(x, y, &mut bounds);
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(d: &str) -> Option<(f64, f64, f64, f64)> {
        bounds(d).map(|b| (b.min_x, b.min_y, b.max_x, b.max_y))
    }

    #[test]
    fn relative_moves_and_implicit_line_tos() {
        // The package's outlines: a relative move then relative line-tos.
        assert_eq!(b("m 10,20 5,0 0,5 -10,0 z"), Some((5.0, 20.0, 15.0, 25.0)));
        assert_eq!(b("m 1,1 2,2 z m 10,10 1,1 z"), Some((1.0, 1.0, 12.0, 12.0)));
    }

    #[test]
    fn absolute_commands_horizontal_vertical_and_curves() {
        assert_eq!(b("M 0 0 H 4 V -3 L 2 2 Z"), Some((0.0, -3.0, 4.0, 2.0)));
        assert_eq!(b("M0,0C1,1 2,2 3,-1"), Some((0.0, -1.0, 3.0, 0.0)));
        assert_eq!(b("M1-2l.5.5"), Some((1.0, -2.0, 1.5, -1.5)));
        assert_eq!(b("M1e1,2 l-1e0,0"), Some((9.0, 2.0, 10.0, 2.0)));
    }

    #[test]
    fn rejects_malformed_paths() {
        assert_eq!(b(""), None);
        assert_eq!(b("10 10"), None);
        assert_eq!(b("M 10"), None);
        assert_eq!(b("M 1 1 L 2 <script>"), None);
    }

    #[test]
    fn union_width_and_center() {
        let u = Bounds::point(0.0, 0.0).union(Bounds::point(4.0, 2.0));
        assert_eq!((u.width(), u.height(), u.center()), (4.0, 2.0, (2.0, 1.0)));
    }
}
