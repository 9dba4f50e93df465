//! Who a statement is attributed to, and with which stance.
//!
//! A claimant is a known actor (optionally with a role noun: "U.S.
//! officials", "a militia spokesman") placed as the speaker of a reporting
//! verb from the lexicon: before it ("state television claimed"), after
//! "according to", "reports from" or an agentive "by" ("disputed by US
//! officials"). A pronoun speaker ("He stated") is kept as written for
//! `extract` to resolve. Revision cues ("was later revealed") yield a
//! `correction` stance even without a named claimant; a revision verb with a
//! speaker ("the Pentagon later clarified", "officials later said") is that
//! speaker's correction.
//!
//! A speaker the knowledge base does not know is kept as written when its
//! head is a role noun ("a militia spokesman said", "according to
//! witnesses", "hospital officials told Reuters"), with the actor id of a kb
//! actor inside the phrase when there is one ("a Kataib Hezbollah
//! spokesman").

use sitrep_core::Stance;
use sitrep_core::nlp::{Attribution, EntityKind, EntityMatch};

use crate::lexicon::TermMatch;
use crate::words::{at_most_words, lower_in, lower_is, spans_iter, spans_rev};

const PRONOUNS: &[&str] = &["he", "she", "they", "it"];

fn stance(value: &str) -> Option<Stance> {
    Some(match value {
        "claim" => Stance::Claim,
        "report" => Stance::Report,
        "denial" => Stance::Denial,
        "confirmation" => Stance::Confirmation,
        "correction" => Stance::Correction,
        _ => return None,
    })
}

/// Extends an actor match over a following role noun: "U.S." + "officials".
fn with_role_noun(sentence: &str, end: usize) -> usize {
    let rest = &sentence[end..];
    if let Some((s, e)) = spans_iter(rest).next()
        && rest[..s].trim().is_empty()
        && lower_in(&rest[s..e], SPEAKER_HEADS)
    {
        return end + e;
    }
    end
}

fn actor_entities(entities: &[EntityMatch]) -> Vec<&EntityMatch> {
    let mut actors: Vec<&EntityMatch> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Actor)
        .collect();
    actors.dedup_by(|a, b| a.start == b.start);
    actors
}

/// Head nouns of speakers: after a kb actor ("U.S. officials") or on their
/// own, for speakers the kb need not know ("a militia spokesman").
const SPEAKER_HEADS: &[&str] = &[
    "officials",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "sources",
    "source",
    "authorities",
    "ministry",
    "witnesses",
    "witness",
    "residents",
    "medics",
    "doctors",
    "police",
    "commander",
    "commanders",
    "statement",
    "military",
    "army",
    "government",
    "analysts",
    "agency",
    "media",
    "television",
    "tv",
    "outlet",
    "newspaper",
    "office",
    "monitor",
    "observatory",
    "department",
    "spokespeople",
    "diplomats",
    "diplomat",
    "security sources",
    "paramedics",
    "rescuers",
    "activists",
    "investigators",
    "prosecutors",
    "leaders",
    "leadership",
    "lawmakers",
];
/// Words that cannot be inside a speaker phrase before its head.
const PHRASE_STOPS: &[&str] = &[
    "that", "which", "who", "and", "or", "but", "as", "while", "when", "after", "before", "in",
    "on", "at", "with", "to", "from", "for", "by", "of", "said", "says", "told", "have", "has",
    "had", "were", "was", "is", "are", "it", "they", "he", "she", "we", "killed", "also", "than",
];
/// Adverbs between a speaker and its verb ("officials *later* said").
const VERB_ADVERBS: &[&str] = &[
    "later",
    "also",
    "quickly",
    "initially",
    "previously",
    "subsequently",
    "then",
    "have",
    "had",
    "has",
];

fn actor_in(actors: &[&EntityMatch], start: usize, end: usize) -> Option<String> {
    actors
        .iter()
        .find(|a| a.start >= start && a.end <= end)
        .map(|a| a.id.clone())
}

/// The speaker phrase ending right before a reporting verb at `verb_start`
/// when its head is a role noun: "a militia spokesman", "hospital officials".
fn phrase_before(
    sentence: &str,
    verb_start: usize,
    actors: &[&EntityMatch],
) -> Option<(usize, usize, Option<String>)> {
    // Words from the verb back: only the few nearest are looked at.
    let mut words = spans_rev(&sentence[..verb_start]);
    let mut nearest = words.next();
    // Skip adverbs between the speaker and its verb.
    while let Some((s, e)) = nearest
        && lower_in(&sentence[s..e], VERB_ADVERBS)
    {
        nearest = words.next();
    }
    let (head_start, head_end) = nearest?;
    if !lower_in(&sentence[head_start..head_end], SPEAKER_HEADS)
        || sentence[head_end..verb_start].contains([',', ';', ':', '.', '"', '“', '”'])
    {
        return None;
    }
    let mut start = head_start;
    for (s, e) in words.take(4) {
        let word = &sentence[s..e];
        if lower_in(word, PHRASE_STOPS)
            || sentence[e..start].contains([',', ';', ':', '.', '(', ')', '"', '“', '”'])
        {
            break;
        }
        start = s;
        if lower_in(word, &["a", "an", "the"]) {
            break;
        }
    }
    Some((start, head_end, actor_in(actors, start, head_end)))
}

/// The speaker phrase after "according to", up to the next punctuation (at
/// most seven words), when it names a role or a proper name: "witnesses",
/// "a spokesman for the group", "Reuters".
fn phrase_after(
    sentence: &str,
    from: usize,
    actors: &[&EntityMatch],
) -> Option<(usize, usize, Option<String>)> {
    let rest = &sentence[from..];
    let stop = rest
        .find([',', ';', ':', '.', '(', '"', '“', '”'])
        .unwrap_or(rest.len());
    let words: Vec<(usize, usize)> = spans_iter(&rest[..stop]).take(7).collect();
    let (first, _) = *words.first()?;
    let mut end_word = words.len();
    // Trim a trailing clause: "according to officials who spoke …".
    if let Some(cut) = words
        .iter()
        .position(|&(s, e)| lower_in(&rest[s..e], &["who", "that", "which", "and"]))
    {
        end_word = cut;
    }
    let kept = &words[..end_word];
    let &(_, last) = kept.last()?;
    let named = kept.iter().any(|&(s, e)| {
        lower_in(&rest[s..e], SPEAKER_HEADS)
            || rest[s..e].chars().next().is_some_and(char::is_uppercase)
    });
    named.then(|| {
        (
            from + first,
            from + last,
            actor_in(actors, from + first, from + last),
        )
    })
}

/// Attributions in `sentence`; `entities` and `verbs` (the lexicon's stance
/// terms found in it, see [`crate::Lexicon::stances`]) have offsets relative to it.
pub fn find(sentence: &str, entities: &[EntityMatch], verbs: &[TermMatch]) -> Vec<Attribution> {
    let actors = actor_entities(entities);
    let mut out: Vec<Attribution> = Vec::new();
    let corrections: Vec<_> = verbs.iter().filter(|m| m.value == "correction").collect();
    for verb in verbs {
        let Some(mut verb_stance) = stance(&verb.value) else {
            continue;
        };
        // "was later", "it was subsequently": passive revision cues with no
        // speaker of their own; handled after the loop.
        let lower_verb = sentence[verb.start..verb.end].to_lowercase();
        if verb_stance == Stance::Correction
            && (lower_verb.starts_with("was ")
                || lower_verb.starts_with("were ")
                || lower_verb.starts_with("it was"))
        {
            continue;
        }
        // "was later confirmed", "later revealed": a revision when the cue
        // governs this verb.
        if corrections
            .iter()
            .any(|c| c.end >= verb.start.saturating_sub(12) && c.start <= verb.end)
        {
            verb_stance = Stance::Correction;
        }
        // In the passive ("personnel were confirmed to …") the subject is
        // not the speaker.
        let passive = spans_rev(&sentence[..verb.start]).take(3).any(|(s, e)| {
            lower_in(
                &sentence[s..e],
                &["was", "were", "been", "being", "is", "are"],
            )
        });
        let mut claimant: Option<(usize, usize, Option<String>)> = None;

        if lower_verb == "according to"
            && let Some(a) = actors
                .iter()
                .find(|a| a.start >= verb.end && at_most_words(sentence, verb.end, a.start, 1))
        {
            claimant = Some((a.start, with_role_noun(sentence, a.end), Some(a.id.clone())));
        }
        // Agentive "by" after the verb: "disputed by US officials".
        if claimant.is_none() {
            let after = &sentence[verb.end..];
            let trimmed = after.trim_start();
            if trimmed
                .as_bytes()
                .get(..3)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"by "))
            {
                let by_end = verb.end + (after.len() - trimmed.len()) + 3;
                if let Some(a) = actors
                    .iter()
                    .find(|a| a.start >= by_end && at_most_words(sentence, by_end, a.start, 1))
                {
                    claimant = Some((a.start, with_role_noun(sentence, a.end), Some(a.id.clone())));
                }
            }
        }
        // The speaker before the verb, within a few words ("the US military
        // quickly refuted", "reports from the US military indicated").
        if claimant.is_none()
            && !passive
            && let Some(a) = actors
                .iter()
                .rev()
                .find(|a| a.end <= verb.start && at_most_words(sentence, a.end, verb.start, 3))
        {
            let end = with_role_noun(sentence, a.end);
            if end <= verb.start {
                claimant = Some((a.start, end, Some(a.id.clone())));
            }
        }
        // A speaker the kb does not know: "a militia spokesman said",
        // "according to witnesses".
        if claimant.is_none() {
            claimant = if lower_verb == "according to" {
                phrase_after(sentence, verb.end, &actors)
            } else if !passive {
                phrase_before(sentence, verb.start, &actors)
            } else {
                None
            };
        }
        if claimant.is_none()
            && let Some((s, e)) = spans_rev(&sentence[..verb.start]).next()
        {
            let word = &sentence[s..e];
            if lower_in(word, PRONOUNS) && !lower_is(word, "it") {
                claimant = Some((s, e, None));
            }
        }
        let Some((start, end, actor_id)) = claimant else {
            continue;
        };
        // One speaker, several verbs ("as noted, claimed"): the marked stance wins.
        if let Some(existing) = out.iter_mut().find(|a| a.start == start) {
            if existing.stance == Stance::Report {
                existing.stance = verb_stance;
            }
            continue;
        }
        out.push(Attribution {
            start,
            end,
            claimant: Some(sentence[start..end].to_string()),
            actor_id,
            stance: verb_stance,
        });
    }
    if !out.iter().any(|a| a.stance == Stance::Correction)
        && let Some(c) = corrections.first()
    {
        out.push(Attribution {
            start: c.start,
            end: c.end,
            claimant: None,
            actor_id: None,
            stance: Stance::Correction,
        });
    }
    out.sort_by_key(|a| a.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Gazetteer, Lexicon};
    use sitrep_kb::Kb;

    fn attributions(text: &str) -> Vec<(Option<String>, Option<String>, Stance)> {
        let kb = Kb::embedded().unwrap();
        let gazetteer = Gazetteer::new(&kb);
        let lexicon = Lexicon::new(&kb);
        find(text, &gazetteer.find(text), &lexicon.stances.find(text))
            .into_iter()
            .map(|a| (a.claimant, a.actor_id, a.stance))
            .collect()
    }

    #[test]
    fn claimant_before_verb() {
        let found = attributions("Iranian state television claimed that 80 people died.");
        assert_eq!(
            found,
            vec![(
                Some("Iranian state television".into()),
                Some("iran_state_media".into()),
                Stance::Claim
            )]
        );
    }

    #[test]
    fn role_nouns_and_according_to() {
        let found = attributions("U.S. officials told reporters that five were hurt.");
        assert_eq!(found[0].0.as_deref(), Some("U.S. officials"));
        assert_eq!(found[0].2, Stance::Report);
        let found = attributions("Two soldiers died, according to the Pentagon.");
        assert_eq!(found[0].1.as_deref(), Some("us_military"));
    }

    #[test]
    fn denial_confirmation_and_agentive_by() {
        assert_eq!(
            attributions("The Defense Department confirmed the strikes.")[0].2,
            Stance::Confirmation
        );
        assert_eq!(
            attributions("The US military quickly refuted these claims.")[0].2,
            Stance::Denial
        );
        let found = attributions("The figure was disputed by US officials.");
        assert_eq!(found[0].0.as_deref(), Some("US officials"));
        assert_eq!(found[0].2, Stance::Denial);
    }

    #[test]
    fn revision_without_claimant() {
        let found =
            attributions("It was subsequently revealed that 110 troops had brain injuries.");
        assert_eq!(found, vec![(None, None, Stance::Correction)]);
    }

    #[test]
    fn passive_subject_is_not_the_speaker_and_cues_bind_locally() {
        let found = attributions(
            "A number of U.S. military personnel were later confirmed to have injuries.",
        );
        assert_eq!(found, vec![(None, None, Stance::Correction)]);
        let found = attributions(
            "Iranian state TV claimed 80 deaths, a figure that was later disputed by US officials.",
        );
        assert_eq!(found[0].2, Stance::Claim);
        let found = attributions("Iranian state television, as noted, claimed a toll.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, Stance::Claim);
    }

    #[test]
    fn pronoun_speaker_is_kept_for_extract() {
        let found = attributions("He stated that nobody was harmed.");
        assert_eq!(found[0].0.as_deref(), Some("He"));
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn speakers_the_kb_does_not_know() {
        let found = attributions("A militia spokesman said the group had fired 12 rockets.");
        assert_eq!(
            found,
            vec![(Some("A militia spokesman".into()), None, Stance::Report)]
        );
        let found = attributions("Eight people died, according to witnesses at the scene.");
        assert_eq!(found[0].0.as_deref(), Some("witnesses at the scene"));
        let found = attributions("Hospital officials told Reuters that 30 were wounded.");
        assert_eq!(found[0].0.as_deref(), Some("Hospital officials"));
        let found = attributions("A Houthi spokesman claimed the missile hit the ship.");
        assert_eq!(found[0].1.as_deref(), Some("houthis"));
        assert_eq!(found[0].2, Stance::Claim);
    }

    #[test]
    fn revisions_with_a_speaker() {
        let found = attributions("The Pentagon later clarified that 34 troops had been hurt.");
        assert_eq!(found[0].1.as_deref(), Some("us_military"));
        assert_eq!(found[0].2, Stance::Correction);
        let found = attributions("Officials later revised the toll to 11.");
        assert_eq!(found[0].0.as_deref(), Some("Officials"));
        assert_eq!(found[0].2, Stance::Correction);
        let found = attributions("U.S. officials told Reuters that no one was killed.");
        assert_eq!(
            (found[0].0.as_deref(), found[0].2),
            (Some("U.S. officials"), Stance::Report)
        );
        let found = attributions("Kataib Hezbollah denied any role in the attack.");
        assert_eq!(found[0].2, Stance::Denial);
    }
}
