//! Grouping trigger words into event mentions, each owning a stretch of the
//! sentence.

use sitrep_nlp::lexicon::TermMatch;
use sitrep_nlp::words::spans;

/// Words that open a new clause: a trigger after one of these starts a new
/// event mention ("retaliation for a strike", "after troops were killed").
const SEPARATORS: &[&str] = &[
    "for",
    "after",
    "following",
    "before",
    "while",
    "when",
    "where",
    "which",
    "was",
    "were",
    "is",
    "are",
    "and",
    "but",
    "as",
    "than",
    "amid",
    "despite",
    "whereas",
    "although",
    "because",
];

/// At most this many words between two triggers of one mention.
const MAX_GAP_WORDS: usize = 8;

#[derive(Debug, Clone)]
pub struct Mention {
    pub triggers: Vec<TermMatch>,
    /// The stretch of the sentence whose arguments belong to this mention.
    pub start: usize,
    pub end: usize,
}

impl Mention {
    pub fn first(&self) -> &TermMatch {
        &self.triggers[0]
    }

    pub fn last(&self) -> &TermMatch {
        self.triggers.last().expect("a mention has a trigger")
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.triggers.iter().any(|t| t.value == class)
    }
}

/// Offset of the first clause break in `text[from..to]`: a separator word or
/// `,` `;` `:` `(`, as an absolute offset (the break's start).
pub fn first_break(text: &str, from: usize, to: usize) -> Option<usize> {
    let gap = &text[from..to];
    let punct = gap.find([',', ';', ':', '(', '—', '–']).map(|i| from + i);
    let words = spans(gap);
    let between = words
        .iter()
        .position(|&(s, e)| gap[s..e].eq_ignore_ascii_case("between"));
    let word = words
        .iter()
        .enumerate()
        .find(|&(i, &(s, e))| {
            let w = gap[s..e].to_lowercase();
            SEPARATORS.contains(&w.as_str()) && !(w == "and" && between.is_some_and(|b| b < i))
        })
        .map(|(_, &(s, _))| from + s);
    match (punct, word) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// True when the only clause break in `sentence[from..to]` is a leading
/// "when" or a comma right before the next trigger.
fn joinable(sentence: &str, from: usize, to: usize) -> bool {
    let gap = &sentence[from..to];
    let words = spans(gap).len();
    let Some(first) = first_break(sentence, from, to) else {
        // "Heavy fighting between X and Y in Z killed 14": one clause, a
        // little longer than a mention's usual gap.
        return words <= 14;
    };
    // "A car bomb exploded outside a market in X on 13 May, killing 17": a
    // participle after the clause's only comma.
    let participle = sentence[to..]
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ing"));
    if participle
        && words <= 20
        && sentence[first..].starts_with(',')
        && sentence[first + 1..to].trim().is_empty()
    {
        return true;
    }
    if words > 8 {
        return false;
    }
    let after_break = if sentence[first..].starts_with(',') {
        if !sentence[first + 1..to].trim().is_empty() {
            return false;
        }
        return true;
    } else {
        let word_end = sentence[first..]
            .find(char::is_whitespace)
            .map(|i| first + i)
            .unwrap_or(to);
        if !matches!(
            sentence[first..word_end].to_lowercase().as_str(),
            "when" | "as"
        ) {
            return false;
        }
        word_end.min(to)
    };
    first_break(sentence, after_break, to).is_none()
}

/// Groups `triggers` (sorted, non-overlapping) of `sentence` into mentions.
/// Weak triggers ("fired", "targets") count only when `weak_ok(trigger)`.
pub fn build(
    sentence: &str,
    triggers: Vec<TermMatch>,
    weak_ok: impl Fn(&TermMatch) -> bool,
) -> Vec<Mention> {
    let triggers: Vec<TermMatch> = triggers
        .into_iter()
        .filter(|t| t.value != "weak" || weak_ok(t))
        .collect();
    let mut groups: Vec<Vec<TermMatch>> = Vec::new();
    for trigger in triggers {
        if let Some(group) = groups.last_mut() {
            let previous = group.last().expect("groups are never empty");
            let words = spans(&sentence[previous.end..trigger.start]).len();
            if words <= MAX_GAP_WORDS
                && first_break(sentence, previous.end, trigger.start).is_none()
            {
                group.push(trigger);
                continue;
            }
        }
        groups.push(vec![trigger]);
    }
    // A casualty clause joined to an attack by "when" or a participle ("hit
    // the base, killing three") is the same event.
    let mut joined: Vec<Vec<TermMatch>> = Vec::with_capacity(groups.len());
    for group in groups {
        if let Some(previous) = joined.last_mut() {
            let casualty_only = |g: &[TermMatch]| {
                g.iter()
                    .all(|t| matches!(t.value.as_str(), "kill" | "injure"))
            };
            let gap_start = previous.last().unwrap().end;
            // The previous mention may be an attack that ends in a toll
            // ("exploded …, killing 100 and wounding 300").
            let previous_ends_in_toll = previous
                .last()
                .is_some_and(|t| matches!(t.value.as_str(), "kill" | "injure"));
            let both_casualties = previous_ends_in_toll && casualty_only(&group);
            // "killed and more than 40 were wounded": one toll, one event.
            let casualty_list = both_casualties
                && spans(&sentence[gap_start..group[0].start]).len() <= 8
                && !sentence[gap_start..group[0].start].contains([',', ';', ':']);
            if casualty_list
                || ((casualty_only(previous) || casualty_only(&group))
                    && joinable(sentence, gap_start, group[0].start))
            {
                previous.extend(group);
                continue;
            }
        }
        joined.push(group);
    }
    let groups = joined;
    let mut mentions: Vec<Mention> = Vec::with_capacity(groups.len());
    let count = groups.len();
    let mut starts = vec![0; count];
    for i in 1..count {
        let previous_end = groups[i - 1].last().unwrap().end;
        let next_start = groups[i][0].start;
        starts[i] = first_break(sentence, previous_end, next_start).unwrap_or_else(|| {
            // No break: give the next mention the three words before it.
            let words = spans(&sentence[previous_end..next_start]);
            words
                .len()
                .checked_sub(3)
                .map(|k| previous_end + words[k].0)
                .unwrap_or(previous_end)
        });
    }
    for (i, group) in groups.into_iter().enumerate() {
        let end = if i + 1 < count {
            starts[i + 1]
        } else {
            sentence.len()
        };
        mentions.push(Mention {
            triggers: group,
            start: starts[i],
            end,
        });
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(sentence: &str, word: &str, class: &str) -> TermMatch {
        let start = sentence.find(word).unwrap();
        TermMatch {
            start,
            end: start + word.len(),
            value: class.to_string(),
        }
    }

    #[test]
    fn connected_triggers_are_one_mention() {
        let s = "Three troops were killed in a drone attack on an outpost.";
        let m = build(
            s,
            vec![t(s, "killed", "kill"), t(s, "attack", "attack")],
            |_| true,
        );
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].end), (0, s.len()));
    }

    #[test]
    fn clause_words_split_mentions_and_stretches() {
        let s = "It was a retaliation for a drone strike that killed the general.";
        let m = build(
            s,
            vec![
                t(s, "retaliation", "attack"),
                t(s, "strike", "attack"),
                t(s, "killed", "kill"),
            ],
            |_| true,
        );
        assert_eq!(m.len(), 2);
        assert_eq!(&s[m[1].start..m[1].start + 3], "for");
        assert_eq!(m[1].triggers.len(), 2);
    }

    #[test]
    fn weak_triggers_need_permission() {
        let s = "The rockets were fired at dawn.";
        assert!(build(s, vec![t(s, "fired", "weak")], |_| false).is_empty());
        assert_eq!(build(s, vec![t(s, "fired", "weak")], |_| true).len(), 1);
    }
}
