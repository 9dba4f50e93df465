//! Arguments, filters and discourse rules for one sentence.

use chrono::Duration;
use sitrep_core::nlp::{
    AnnotatedSentence, Annotation, EntityKind, EntityMatch, Quantity, TimeAnchor, TimeExpr,
};
use sitrep_core::{
    Actor, ActorKind, ActorRole, Article, DateInfo, DatePrecision, Evidence, Figure, FigureKind,
    Location, LocationPrecision, Record, RecordKind, Stance, Status,
};
use sitrep_nlp::lexicon::TermMatch;
use sitrep_nlp::words::{count_between, spans, words_after, words_before};

use crate::mention::{self, Mention};
use crate::{Discourse, Extractor};

/// Prepositions after which a country or city name is a place, not an actor.
/// ("at" and "against" are left out: "struck back at the United States" is
/// a target.)
const LOCATIVE: &[&str] = &[
    "in",
    "near",
    "across",
    "throughout",
    "inside",
    "outside",
    "into",
    "around",
    "from",
    "over",
    "within",
];
const DIRECTIONS: &[&str] = &[
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "northwestern",
    "northeastern",
    "southwestern",
    "southeastern",
    "north",
    "south",
    "east",
    "west",
];
/// Words after an actor that make it the owner of a site ("Iraqi bases").
const SITE_NOUNS: &[&str] = &[
    "base",
    "bases",
    "outpost",
    "outposts",
    "installation",
    "installations",
    "facility",
    "facilities",
    "airbase",
    "airbases",
    "embassy",
    "camp",
    "camps",
    "interests",
    "air",
];
const TARGET_MARKERS: &[&str] = &[
    "on",
    "against",
    "at",
    "targeting",
    "housing",
    "toward",
    "towards",
    "upon",
];
const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "of", "by", "with", "from", "to", "near", "against", "for",
];
const PASSIVE: &[&str] = &["were", "was", "been", "being", "are", "is", "be"];
/// Fewer attacks than this, with one toll, are a wave told as one event.
const WAVE_MAX: u64 = 10;
const COUNT_KINDS: &[&str] = &["missiles", "rockets", "drones", "attacks"];
const RESPONSIBILITY: &[&str] = &[
    "claimed responsibility",
    "claims responsibility",
    "has claimed responsibility",
    "took responsibility",
    "said it carried out",
    "said it had carried out",
    "said it launched",
    "said it had launched",
];
const ATTACK_NOUNS: &[&str] = &[
    "attacks",
    "bombings",
    "blasts",
    "explosions",
    "strikes",
    "raids",
    "assaults",
    "suicide",
    "car",
    "twin",
];

fn rel(entity: &EntityMatch, offset: usize) -> (usize, usize) {
    (entity.start - offset, entity.end - offset)
}

/// The sub-event type of an attack carried out with kb weapon `id`.
pub fn sub_event_of(kb: &sitrep_kb::Kb, id: &str) -> Option<String> {
    kb.weapon(id).map(|w| w.sub_event_type.clone())
}

struct Sentence<'a> {
    text: &'a str,
    offset: usize,
    data: &'a AnnotatedSentence,
}

impl Sentence<'_> {
    fn entities(&self, start: usize, end: usize) -> impl Iterator<Item = &EntityMatch> {
        let offset = self.offset;
        self.data
            .entities
            .iter()
            .filter(move |e| e.start - offset >= start && e.end - offset <= end)
    }

    fn times(&self, start: usize, end: usize) -> Vec<TimeExpr> {
        self.data
            .times
            .iter()
            .filter(|t| t.start - self.offset >= start && t.end - self.offset <= end)
            .map(|t| {
                let mut t = t.clone();
                t.start -= self.offset;
                t.end -= self.offset;
                t
            })
            .collect()
    }

    fn quantities(&self, start: usize, end: usize) -> Vec<Quantity> {
        self.data
            .quantities
            .iter()
            .filter(|q| q.start - self.offset >= start && q.end - self.offset <= end)
            .map(|q| {
                let mut q = q.clone();
                q.start -= self.offset;
                q.end -= self.offset;
                q
            })
            .collect()
    }

    /// True when `span` is read as a place: a facility, or a place name after
    /// a locative preposition ("in Iraq") or before a site ("Iraq's Al Asad").
    fn reads_as_place(&self, start: usize, end: usize) -> bool {
        let after = &self.text[end..];
        let possessive = after.starts_with("'s ") || after.starts_with("’s ");
        let before_site = self.data.entities.iter().any(|e| {
            e.kind == EntityKind::Facility
                && e.start - self.offset > end
                && e.start - self.offset <= end + 4
        });
        if possessive {
            // "Iraq's Al Asad Airbase" is a place; "Iran's elite Quds Force" an actor.
            return before_site;
        }
        if self.follows_place(start) || headline_locative(self.text, end) {
            return true;
        }
        let before = words_before(self.text, start, 3);
        let mut iter = before
            .iter()
            .rev()
            .filter(|w| !matches!(w.as_str(), "the" | "a" | "an"));
        let near = iter.next().map(String::as_str);
        let further = iter.next().map(String::as_str);
        let locative = |w: Option<&str>| w.is_some_and(|w| LOCATIVE.contains(&w));
        locative(near) || (near.is_some_and(|w| DIRECTIONS.contains(&w)) && locative(further))
    }

    /// True when the word before `start` ends a list item that is a place:
    /// "in Iraq, Syria, and Jordan".
    fn follows_place(&self, start: usize) -> bool {
        let gap_start = self.text[..start]
            .trim_end_matches(|c: char| c == ',' || c.is_whitespace())
            .trim_end_matches(" and")
            .trim_end_matches(" or")
            .trim_end_matches(|c: char| c == ',' || c.is_whitespace())
            .len();
        if gap_start == start {
            return false;
        }
        self.data.entities.iter().any(|e| {
            let (s, e_end) = (e.start - self.offset, e.end - self.offset);
            e_end == gap_start
                && matches!(e.kind, EntityKind::Place | EntityKind::Facility)
                && (e.kind == EntityKind::Facility
                    || !self.has_actor_reading(e.start)
                    || self.reads_as_place(s, e_end))
        })
    }

    fn has_actor_reading(&self, absolute_start: usize) -> bool {
        self.data
            .entities
            .iter()
            .any(|a| a.start == absolute_start && a.kind == EntityKind::Actor)
    }
}

/// Nouns for violence in general that a headline puts a country before:
/// "Iraq blasts kill 39", "Yemen violence kills 19".
const HEADLINE_EVENT_NOUNS: &[&str] = &[
    "attacks",
    "bombings",
    "blasts",
    "explosions",
    "violence",
    "unrest",
    "clashes",
    "fighting",
    "bombs",
    "car",
    "suicide",
    "bombing",
    "blast",
    "bombers",
    "gunmen",
    "militants",
];

/// True when the name ending at `end` stands before a general violence noun
/// whose toll follows ("Iraq blasts kill 39", "Iraq blasts death toll
/// climbs to 40"): the name says where it happened. "Iran attacks US base"
/// has no toll after the noun, and "US strikes kill" names who struck.
fn headline_locative(text: &str, end: usize) -> bool {
    let words = words_after(text, end, 6);
    if !text[end..].starts_with(' ')
        || !words
            .first()
            .is_some_and(|w| HEADLINE_EVENT_NOUNS.contains(&w.as_str()))
    {
        return false;
    }
    let clause = text[end..]
        .find([',', ';', ':', '.'])
        .map_or(&text[end..], |i| &text[end..end + i]);
    let clause_words = spans(clause).len();
    words.iter().take(clause_words).skip(1).take(4).any(|w| {
        matches!(
            w.as_str(),
            "kill" | "kills" | "killed" | "dead" | "toll" | "wound" | "wounds"
        )
    })
}

pub(crate) fn sentence_reports(
    ex: &Extractor,
    article: &Article,
    annotation: &Annotation,
    data: &AnnotatedSentence,
    discourse: &Discourse,
    evidence: &Evidence,
) -> Vec<Record> {
    let s = Sentence {
        text: &evidence.text,
        offset: data.start,
        data,
    };
    let text = s.text;
    // "may" in "13 May 2015" is a month, not a modal.
    let dates = s.times(0, text.len());
    let modality: Vec<TermMatch> = ex
        .lexicon
        .modality
        .find(text)
        .into_iter()
        .filter(|c| !dates.iter().any(|t| c.start < t.end && t.start < c.end))
        .collect();
    let weapons: Vec<(usize, usize)> = s
        .entities(0, text.len())
        .filter(|e| e.kind == EntityKind::Weapon)
        .map(|e| rel(e, s.offset))
        .collect();
    let previous_reported = discourse
        .recent
        .iter()
        .any(|(index, block, _)| *block == data.block && data.index - index <= 1);
    let event_words = ex.events.find(text);
    let mut triggers = merge_triggers(text, ex.lexicon.triggers.find(text), &event_words);
    // "dead" says someone was killed only after a count ("nine dead", "at
    // least 5 people dead"); "the number of dead" is talk about a toll. With
    // another trigger in the sentence the count is that event's toll
    // ("clashed …, leaving nine militants dead").
    let is_dead = |t: &TermMatch| text[t.start..t.end].eq_ignore_ascii_case("dead");
    let counted: Vec<(usize, usize)> = if triggers.iter().any(is_dead) {
        s.quantities(0, text.len())
            .iter()
            .map(|q| (q.start, q.end))
            .collect()
    } else {
        Vec::new()
    };
    let other_strong = triggers.iter().any(|t| t.value != "weak" && !is_dead(t));
    triggers.retain(|t| {
        !is_dead(t)
            || !other_strong
                && counted.iter().any(|&(_, qe)| {
                    qe <= t.start
                        && count_between(text, qe, t.start) <= 2
                        && !text[qe..t.start].contains([',', ';', ':'])
                        // "two of the dead were Filipino": who the dead were.
                        && !words_after(text, qe, 2).iter().any(|w| w == "of" || w == "the")
                })
    });
    let has_strong = triggers.iter().any(|t| t.value != "weak");
    let mentions = mention::build(text, triggers, |t: &TermMatch| {
        let near_weapon = weapons.iter().any(|&(ws, we)| {
            count_between(text, we.min(t.start), t.start.max(we)) <= 4
                || count_between(text, t.end, ws) <= 4
        });
        let target_word = matches!(
            text[t.start..t.end].to_lowercase().as_str(),
            "target" | "targets" | "targeted" | "aimed at" | "were aimed" | "was aimed"
        );
        near_weapon || (previous_reported && !has_strong && target_word)
    });
    // A sentence with casualty figures right after a reported event and no
    // trigger of its own continues that event ("It was later revealed that
    // over 100 service members had brain injuries.").
    let recently_reported = discourse
        .recent
        .iter()
        .any(|(index, _, _)| data.index - index <= 2);
    let mentions = if mentions.is_empty() && recently_reported {
        vec![Mention {
            triggers: vec![TermMatch {
                start: 0,
                end: 0,
                value: "context".to_string(),
            }],
            start: 0,
            end: text.len(),
        }]
    } else {
        mentions
    };
    if !mentions.is_empty() {
        discourse
            .places
            .get_or_init(|| ex.geocoder.article_places(&article.text, annotation));
    }
    let mut reports = Vec::new();
    for m in &mentions {
        if threatened(text, &modality, m) {
            continue;
        }
        let mut found = mention_reports(ex, annotation, &s, m, discourse, evidence, &event_words);
        let denier = denial(ex, &s, m);
        for r in &mut found {
            if let Some(denier) = &denier {
                r.status = Status::Denied;
                if let Some(denier) = denier {
                    r.actors.retain(|a| a.kb_id != denier.kb_id);
                    r.actors.push(denier.clone());
                }
            } else if recalls_a_cause(text, m) || long_before_publication(article, r) {
                r.status = Status::HistoricalReference;
            }
        }
        reports.extend(found);
    }
    reports
}

/// Lexicon triggers and event words in one sorted, non-overlapping list
/// (the longer wins an overlap, an event word a tie: "shot dead" is an
/// Attack, not just a killing). "tear gas" only qualifies a protest, and
/// "in protest at/against" says why something else was done.
fn merge_triggers(text: &str, triggers: Vec<TermMatch>, events: &[TermMatch]) -> Vec<TermMatch> {
    let mut all: Vec<TermMatch> = events
        .iter()
        .filter(|e| crate::coding::is_trigger_value(&e.value))
        .filter(|e| {
            !(e.value == crate::coding::PEACEFUL_PROTEST
                && words_before(text, e.start, 1)
                    .first()
                    .is_some_and(|w| w == "in"))
        })
        .cloned()
        .collect();
    all.extend(triggers);
    all.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<TermMatch> = Vec::with_capacity(all.len());
    for t in all {
        if !kept.iter().any(|k| t.start < k.end && k.start < t.end) {
            kept.push(t);
        }
    }
    kept.sort_by_key(|t| t.start);
    kept
}

/// Words that deny an attack or a part in it, before its trigger in the
/// same clause: "Russia's Defence Ministry denied carrying out the strike",
/// "Iran denied any involvement in the attack".
const DENIAL_CUES: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "dismissed",
];

/// The actor denying the mention's event, when the mention is a denial:
/// the event is then `denied`, with the denier as an `other` actor (never as
/// the attacker).
fn denial(ex: &Extractor, s: &Sentence, m: &Mention) -> Option<Option<Actor>> {
    let text = s.text;
    let first = m.first();
    if first.value == "context" {
        return None;
    }
    let window_start = text[..first.start]
        .rfind(['.', ';'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let lead = &text[window_start..first.start];
    // "No attack took place", "did not strike", "never attacked".
    if words_before(text, first.start, 1)
        .first()
        .is_some_and(|w| matches!(w.as_str(), "no" | "not" | "never" | "didn't"))
    {
        return Some(None);
    }
    let cue = spans(lead).into_iter().rev().find(|&(ws, we)| {
        DENIAL_CUES.contains(&lead[ws..we].to_lowercase().as_str())
            && count_between(text, window_start + we, first.start) <= 6
    })?;
    let cue_start = window_start + cue.0;
    let denier = s
        .entities(0, cue_start)
        .filter(|e| {
            e.kind == EntityKind::Actor && count_between(text, e.end - s.offset, cue_start) <= 4
        })
        .last();
    Some(denier.and_then(|e| {
        ex.kb.actor(&e.id).map(|a| Actor {
            name: a.name.clone(),
            role: ActorRole::Other,
            kind: a.kind,
            country: ex.kb.actor_country(&e.id).map(String::from),
            kb_id: Some(e.id.clone()),
        })
    }))
}

/// An event dated more than a year before the text was published is told
/// as background (the 2017 bombing recalled in a 2022 report), not news.
fn long_before_publication(article: &Article, r: &Record) -> bool {
    match (article.published, r.date.end) {
        (Some(published), Some(end)) => end + Duration::days(365) < published,
        _ => false,
    }
}

/// True when the mention is the cause an attack answered: "in retaliation
/// for the US killing of …", "in response to …", "to avenge …". The text
/// recalls that event; it does not report it afresh.
fn recalls_a_cause(text: &str, m: &Mention) -> bool {
    // From a little before the mention's stretch (the cue often ends the
    // previous one: "… in retaliation | for the killing …") to its trigger.
    let mut from = m.start.saturating_sub(20);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let lead = text[from..m.first().start].to_lowercase();
    CAUSE_CUES.iter().any(|cue| lead.contains(cue))
}

const CAUSE_CUES: &[&str] = &[
    "retaliation for",
    "response to",
    "revenge for",
    "reprisal for",
    "to avenge",
    "retribution for",
];

/// A threat, hypothesis or background cue inside the mention, before or just
/// after its trigger ("will be targeted if", "has been a target before",
/// "to mark four years since … was killed").
fn threatened(text: &str, modality: &[TermMatch], m: &Mention) -> bool {
    modality.iter().any(|c| {
        let near_trigger = c.start >= m.start && c.start <= m.last().end + 12;
        // "cleric threatens boycott as 12 killed": a warning in another
        // clause does not make the toll a threat. (Only a toll: "cancelled a
        // planned summit after the explosion" recalls the blast.)
        let toll = m.has_class("kill") || m.has_class("injure");
        let own_clause = !toll
            || c.end > m.first().start
            || !spans(&text[c.end..m.first().start])
                .iter()
                .any(|&(ws, we)| {
                    let word = text[c.end + ws..c.end + we].to_lowercase();
                    matches!(
                        word.as_str(),
                        "as" | "after" | "amid" | "while" | "following"
                    )
                });
        match c.value.as_str() {
            "threat" => near_trigger && own_clause,
            // "killed ahead of the anniversary" is news on a date, not a
            // commemoration.
            "background" => {
                c.start >= m.start
                    && c.start < m.end
                    && !["ahead of", "eve of", "before", "on", "on the"]
                        .iter()
                        .any(|p| {
                            let lead = text[m.start..c.start].trim_end();
                            // "blasts kill 7 on anniversary of …": the
                            // day, right after the toll.
                            let close = !p.starts_with("on")
                                || (m.last().end <= c.start
                                    && count_between(text, m.last().end, c.start) <= 5);
                            close
                                && lead
                                    .strip_suffix(p)
                                    .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
                        })
            }
            _ => false,
        }
    })
}

fn mention_reports(
    ex: &Extractor,
    annotation: &Annotation,
    s: &Sentence,
    m: &Mention,
    discourse: &Discourse,
    evidence: &Evidence,
    event_words: &[TermMatch],
) -> Vec<Record> {
    let kb = ex.kb;
    // Weapons of this mention.
    let mut weapon_ids: Vec<String> = Vec::new();
    for e in s
        .entities(m.start, m.end)
        .filter(|e| e.kind == EntityKind::Weapon)
    {
        // "police kill four bombers": the bombers are who was killed, not
        // how.
        let (ws, _) = rel(e, s.offset);
        let names_people = s
            .data
            .entities
            .iter()
            .any(|a| a.kind == EntityKind::Actor && a.start < e.end && e.start < a.end);
        let killed_people = names_people
            && m.triggers.iter().any(|t| {
                t.value == "kill"
                    && !is_intransitive_kill(&s.text[t.start..t.end])
                    && t.end <= ws
                    && count_between(s.text, t.end, ws) <= 3
                    && !s.text[t.end..ws].contains([',', ';', ':'])
            });
        if !killed_people && !weapon_ids.contains(&e.id) {
            weapon_ids.push(e.id.clone());
        }
    }
    let figures = figures(ex, s, m, discourse, evidence);
    // "more than 180 attacks" is a tally; "several attacks" is only talk, and
    // "the two bombings" is one event told in parts.
    // A few attacks with one toll and no period ("Four suicide blasts kill
    // 26 around Tuz Khurmatu") are a wave told as one event, not a tally.
    let toll = figures
        .iter()
        .any(|f| matches!(f.kind, FigureKind::Killed | FigureKind::Injured));
    let period = s
        .times(m.start, m.end)
        .iter()
        .any(|t| t.open_end || t.value_start != t.value_end);
    let tally = figures.iter().any(|f| {
        f.kind == FigureKind::Attacks
            && match f.qualifier {
                sitrep_core::Qualifier::Unknown => false,
                sitrep_core::Qualifier::Exact | sitrep_core::Qualifier::About => f
                    .low
                    .is_some_and(|l| l >= 3 && (l >= WAVE_MAX || !toll || period)),
                _ => true,
            }
    });
    let mut figures = figures;
    if !tally {
        figures.retain(|f| f.kind != FigureKind::Attacks);
    }

    let mut date = mention_date(s, m, discourse, tally, annotation.reference);
    if tally && !date.is_known() {
        date = tally_date_from_context(annotation, s.data);
    }
    let mut actors = actors(ex, s, m, discourse);
    victims_as_targets(ex, s, discourse, &figures, &mut actors);
    let places = discourse.places.get().map_or(&[][..], Vec::as_slice);
    let mut locations = locations(places, s, m, tally);
    if tally && locations.len() > 1 {
        locations = vec![region_of(&locations)];
    }

    let weapon_types: Vec<String> = weapon_ids
        .iter()
        .filter_map(|w| crate::sub_event_of(kb, w))
        .collect();
    let words_here: Vec<&str> = event_words
        .iter()
        .filter(|e| e.start >= m.start && e.end <= m.end)
        .map(|e| e.value.as_str())
        .collect();
    let sub_event_type = crate::coding::sub_event_type(&crate::coding::MentionFacts {
        triggers: &m.triggers,
        event_words: &words_here,
        weapon_types: &weapon_types,
        actors: &actors,
        casualties: figures
            .iter()
            .any(|f| matches!(f.kind, FigureKind::Killed | FigureKind::Injured)),
    });
    // A clash has two sides: "Peshmerga forces repelled an Islamic State
    // assault" names both before the trigger; the later one is the other side.
    if sub_event_type.as_deref() == Some(crate::coding::ARMED_CLASH)
        && !actors.iter().any(|a| a.role == ActorRole::Target)
        && actors
            .iter()
            .filter(|a| a.role == ActorRole::Attacker)
            .count()
            >= 2
        && let Some(last) = actors.iter_mut().rfind(|a| a.role == ActorRole::Attacker)
    {
        last.role = ActorRole::Target;
    }
    let event_type = sub_event_type
        .as_deref()
        .and_then(sitrep_core::event_type_of)
        .map(String::from);
    let weapons: Vec<String> = weapon_ids
        .iter()
        .filter_map(|w| kb.weapon(w).map(|w| w.name.clone()))
        .collect();

    let mut base = Record {
        id: String::new(),
        record: RecordKind::Report,
        doc_id: String::new(),
        doc_ids: Vec::new(),
        report_ids: Vec::new(),
        event_type,
        sub_event_type,
        status: Status::Reported,
        date,
        location: Location::unknown(),
        actors,
        weapons,
        figures,
        evidence: vec![evidence.clone()],
        tally,
        ledger: Vec::new(),
    };
    if !base.tally {
        inherit(&mut base, s.data, discourse);
    }
    // Only something concrete makes a mention an event: a date of month
    // precision or better, a place finer than a country, a stated number, a
    // named person targeted. "Iran attacks US base in Iraq" is not one.
    let named_target = base
        .actors
        .iter()
        .any(|a| a.role == ActorRole::Target && a.kind == ActorKind::Person);
    let date_anchor = base.date.is_known() && base.date.precision <= DatePrecision::Month;
    let place_anchor = locations
        .iter()
        .chain([&base.location])
        .any(|l| l.precision <= LocationPrecision::Admin1);
    let stated_figure = base
        .figures
        .iter()
        .any(|f| f.qualifier != sitrep_core::Qualifier::Unknown);
    // A headline ("Roadside bomb kills 6 in south Iraq", "Dozens of militants
    // reported killed by warplanes in eastern Syria") is a report of one event with
    // its toll: a country or region is enough of a place there.
    let headline_anchor = || {
        base.figures
            .iter()
            .any(|f| matches!(f.kind, FigureKind::Killed | FigureKind::Injured))
            && locations
                .iter()
                .chain([&base.location])
                .any(|l| l.is_known())
            && is_headline(annotation, s)
    };
    let anchored = if m.has_class("context") {
        base.figures.iter().any(|f| {
            f.qualifier != sitrep_core::Qualifier::Unknown
                && !COUNT_KINDS.contains(&kind_name(f.kind))
        })
    } else {
        tally || date_anchor || place_anchor || stated_figure || named_target || headline_anchor()
    };
    if !anchored {
        return Vec::new();
    }

    let records = if locations.is_empty() {
        vec![base]
    } else {
        locations
            .into_iter()
            .map(|location| Record {
                location,
                ..base.clone()
            })
            .collect()
    };
    records
        .into_iter()
        .map(|mut r| {
            localise_generic_actors(ex, &mut r);
            r
        })
        .collect()
}

/// Most words a headline has.
const HEADLINE_WORDS: usize = 16;

/// True when the sentence is all of its paragraph and headline-short.
fn is_headline(annotation: &Annotation, s: &Sentence) -> bool {
    spans(s.text).len() <= HEADLINE_WORDS
        && annotation
            .sentences
            .iter()
            .filter(|other| other.block == s.data.block)
            .count()
            == 1
}

/// A kb actor that names a kind of actor, not a particular one
/// ("Unidentified armed group ({country})", "Civilians ({country})").
pub(crate) fn is_generic(actor: &sitrep_kb::ActorEntry) -> bool {
    actor.name.contains("{country}")
}

/// Fills "{country}" in generic actors' names with the country of the
/// event's location ("Unidentified armed group (Iraq)"), or drops the
/// suffix when the event is not located. A generic actor beside a specific
/// one of the same role and kind is dropped: "Iraqi soldiers" said it.
fn localise_generic_actors(ex: &Extractor, r: &mut Record) {
    let country = r.location.country.clone();
    let country_name = country
        .as_deref()
        .and_then(|c| {
            ex.kb
                .actors
                .iter()
                .find(|a| a.kind == ActorKind::State && a.country.as_deref() == Some(c))
        })
        .map(|a| a.name.clone())
        .or_else(|| country.clone());
    let specific: Vec<(ActorRole, ActorKind)> = r
        .actors
        .iter()
        .filter(|a| {
            a.kb_id
                .as_deref()
                .and_then(|id| ex.kb.actor(id))
                .is_some_and(|e| !is_generic(e))
        })
        .map(|a| (a.role, a.kind))
        .collect();
    r.actors.retain(|a| {
        let generic = a
            .kb_id
            .as_deref()
            .and_then(|id| ex.kb.actor(id))
            .is_some_and(is_generic);
        !(generic && specific.contains(&(a.role, a.kind)))
    });
    for a in &mut r.actors {
        if !a.name.contains("{country}") {
            continue;
        }
        a.name = match &country_name {
            Some(c) => a.name.replace("{country}", c),
            None => a.name.replace(" ({country})", "").replace("{country}", ""),
        };
        a.country = country.clone();
    }
}

fn kind_name(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Missiles => "missiles",
        FigureKind::Rockets => "rockets",
        FigureKind::Drones => "drones",
        FigureKind::Attacks => "attacks",
        _ => "casualties",
    }
}

fn date_info(t: &TimeExpr, text: &str) -> DateInfo {
    DateInfo {
        start: t.value_start,
        end: t.value_end,
        precision: t.precision,
        text: Some(text[t.start..t.end].to_string()),
    }
}

/// Words after which a date is when something was *said*, not when it
/// happened: "the Pentagon said on Monday".
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "reported",
    "stated",
    "confirmed",
    "added",
    "claimed",
    "denied",
    "wrote",
    "tweeted",
    "posted",
    "statement",
    "briefing",
];

fn mention_date(
    s: &Sentence,
    m: &Mention,
    discourse: &Discourse,
    tally: bool,
    reference: Option<chrono::NaiveDate>,
) -> DateInfo {
    // News reports what happened: a date after publication ("in the coming
    // weeks") is never an event's.
    let past = |t: &TimeExpr| match (t.value_start, reference) {
        (Some(start), Some(published)) => start <= published,
        _ => true,
    };
    let (spoken, times): (Vec<TimeExpr>, Vec<TimeExpr>) = s
        .times(m.start, m.end)
        .into_iter()
        .filter(past)
        .partition(|t| {
            words_before(s.text, t.start, 6)
                .iter()
                .any(|w| SPEECH_VERBS.contains(&w.as_str()))
        });
    if tally
        && let Some(t) = times
            .iter()
            .find(|t| t.value_start.is_some() && (t.open_end || t.value_start != t.value_end))
    {
        return date_info(t, s.text);
    }
    // The date nearest a trigger is the event's ("yesterday's bombings"),
    // not one further along ("authorities on Thursday revised the toll").
    let distance = |t: &TimeExpr| {
        m.triggers
            .iter()
            .map(|g| {
                if t.end <= g.start {
                    count_between(s.text, t.end, g.start)
                } else {
                    count_between(s.text, g.end, t.start)
                }
            })
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut times = times;
    times.sort_by_key(|t| (distance(t), t.start));
    for t in &times {
        match t.anchor {
            TimeAnchor::Absolute if t.value_start.is_some() && !t.open_end => {
                return date_info(t, s.text);
            }
            TimeAnchor::EventRelative(days) => {
                // "two weeks after the embassy warned" counts from the
                // warning, not from the event the text was telling.
                let complement = words_after(s.text, t.end, 1).first().is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "the" | "a" | "an" | "its" | "his" | "their" | "it" | "this"
                    )
                });
                if complement {
                    continue;
                }
                if let Some(current) = discourse.current_date {
                    let day = current + Duration::days(days);
                    return DateInfo {
                        start: Some(day),
                        end: Some(day),
                        precision: t.precision,
                        text: Some(s.text[t.start..t.end].to_string()),
                    };
                }
            }
            _ => {}
        }
    }
    // "since last Wednesday, when a drone killed …": the clause opened by
    // "when" happened at the time just named.
    let lead = s.text[m.start..m.first().start].to_lowercase();
    let when_at = lead
        .find(", when ")
        .map(|i| m.start + i + 1)
        .or_else(|| lead.trim_start().starts_with("when").then_some(m.start));
    if let Some(when_at) = when_at
        && let Some(t) = s
            .times(0, when_at)
            .into_iter()
            .rfind(|t| t.value_start.is_some() && count_between(s.text, t.end, when_at) <= 1)
    {
        let day = t.value_start;
        return DateInfo {
            start: day,
            end: if t.open_end { day } else { t.value_end },
            precision: t.precision,
            text: Some(s.text[t.start..t.end].to_string()),
        };
    }
    // Only the day it was said: the event happened that day or in the week
    // before ("three soldiers were killed …, officials said on Sunday").
    if let Some(t) = spoken.iter().find(|t| {
        t.anchor == TimeAnchor::Absolute && t.precision == DatePrecision::Day && !t.open_end
    }) && let Some(said) = t.value_end
    {
        return DateInfo {
            start: Some(said - Duration::days(6)),
            end: Some(said),
            precision: DatePrecision::Week,
            text: Some(s.text[t.start..t.end].to_string()),
        };
    }
    DateInfo::unknown()
}

/// A tally's period is often set by the sentence before ("Since October 7,
/// 2023, the group … It has carried out more than 180 attacks").
fn tally_date_from_context(annotation: &Annotation, data: &AnnotatedSentence) -> DateInfo {
    let from = data.index.saturating_sub(2);
    for previous in annotation.sentences[from..data.index].iter().rev() {
        if previous.block != data.block {
            continue;
        }
        if let Some(t) = previous
            .times
            .iter()
            .find(|t| t.value_start.is_some() && (t.open_end || t.value_start != t.value_end))
        {
            return DateInfo {
                start: t.value_start,
                end: t.value_end,
                precision: t.precision,
                text: None,
            };
        }
    }
    DateInfo::unknown()
}

/// Fills what a report lacks from a compatible report just before it in the
/// same paragraph: the text is still telling the same event.
fn inherit(report: &mut Record, data: &AnnotatedSentence, discourse: &Discourse) {
    let needs_date = !report.date.is_known() || report.date.precision >= DatePrecision::Year;
    let Some((source_index, _, source)) =
        discourse.recent.iter().rev().find(|(index, block, r)| {
            *block == data.block
                && data.index - index <= 1
                && !r.tally
                && compatible_type(r, report)
                && compatible_attackers(r, report)
        })
    else {
        return;
    };
    if needs_date && source.date.is_known() && source.date.precision < report.date.precision {
        report.date = source.date.clone();
    }
    // The place carries over only from a single report in the sentence just
    // before: after "X and a base near Y" the text may mean either.
    let reports_there = discourse
        .recent
        .iter()
        .filter(|(i, _, _)| i == source_index)
        .count();
    if !report.location.is_known() && data.index - source_index == 1 && reports_there == 1 {
        report.location = source.location.clone();
    }
    if report.attackers().next().is_none() {
        let attackers: Vec<Actor> = source.attackers().cloned().collect();
        report.actors.extend(attackers);
    }
    if report.weapons.is_empty() && !source.weapons.is_empty() {
        report.weapons = source.weapons.clone();
        report.event_type = source.event_type.clone();
        report.sub_event_type = source.sub_event_type.clone();
    }
}

fn compatible_type(a: &Record, b: &Record) -> bool {
    a.sub_event_type.is_none() || b.sub_event_type.is_none() || a.sub_event_type == b.sub_event_type
}

fn compatible_attackers(a: &Record, b: &Record) -> bool {
    let ids = |r: &Record| {
        r.attackers()
            .filter_map(|x| x.country.clone())
            .collect::<Vec<_>>()
    };
    let (x, y) = (ids(a), ids(b));
    x.is_empty() || y.is_empty() || x.iter().any(|c| y.contains(c))
}

fn actors(ex: &Extractor, s: &Sentence, m: &Mention, discourse: &Discourse) -> Vec<Actor> {
    let kb = ex.kb;
    let text = s.text;
    let claimant_spans: Vec<(usize, usize)> = s
        .data
        .attributions
        .iter()
        .map(|a| (a.start - s.offset, a.end - s.offset))
        .collect();
    let first = m.first();
    let passive_at = |t: &TermMatch| {
        matches!(t.value.as_str(), "kill" | "injure")
            && words_before(text, t.start, 2)
                .iter()
                .any(|w| PASSIVE.contains(&w.as_str()))
    };
    // "die" has no object: "soldiers die in PKK attack" names no victim after it.
    let kill_triggers: Vec<&TermMatch> = m
        .triggers
        .iter()
        .filter(|t| t.value == "kill" && !is_intransitive_kill(&text[t.start..t.end]))
        .collect();
    // "clashed with X": X is the other side; "recaptured Tikrit from X": X
    // held it.
    let clash = m.has_class(crate::coding::ARMED_CLASH);
    let territory = m.has_class(crate::coding::GOVERNMENT_REGAINS)
        || m.has_class(crate::coding::NON_STATE_OVERTAKES);

    let source_tag = headline_source_tag(text, &m.triggers);
    let mut found: Vec<(ActorRole, String, bool)> = Vec::new();
    let mut last_start = usize::MAX;
    for e in s.entities(m.start, m.end) {
        if e.kind != EntityKind::Actor || e.start == last_start {
            continue;
        }
        last_start = e.start;
        let (start, end) = rel(e, s.offset);
        if claimant_spans
            .iter()
            .any(|&(cs, ce)| start < ce && cs < end)
        {
            continue;
        }
        let has_place_reading = s.data.entities.iter().any(|p| {
            p.start == e.start && matches!(p.kind, EntityKind::Place | EntityKind::Facility)
        });
        if has_place_reading && s.reads_as_place(start, end) {
            continue;
        }
        let Some(entry) = kb.actor(&e.id) else {
            continue;
        };
        if entry.kind == ActorKind::Organization
            || (discourse.names_state_force && e.id == GENERIC_FORCES)
            || affiliation_of_person(ex, s, start)
            || source_tag.is_some_and(|(ts, te)| start >= ts && end <= te)
        {
            continue;
        }
        // "Iraqi air bases", "a U.S. outpost": the actor owns the site.
        let next_words = spans(&text[end..]);
        let site_owner = next_words.iter().take(2).any(|&(ws, we)| {
            !text[end..end + ws].contains([',', ':', ';', '.'])
                && SITE_NOUNS.contains(&text[end + ws..end + we].to_lowercase().as_str())
        });
        // The trigger this actor stands before, if it premodifies or is the
        // subject of one ("a US drone attack", "Iran launched").
        let next_trigger = m
            .triggers
            .iter()
            .find(|t| t.start >= end && t.value != "context");
        let premodifies = next_trigger.is_some_and(|t| {
            count_between(text, end, t.start) <= 3
                && mention::first_break(text, end, t.start).is_none()
                && !spans(&text[end..t.start]).iter().any(|&(ws, we)| {
                    PREPOSITIONS.contains(&text[end + ws..end + we].to_lowercase().as_str())
                })
        });
        // "killing X", not "wounding about 300, President X said".
        let after_kill = kill_triggers.iter().any(|t| {
            t.end <= start
                && count_between(text, t.end, start) <= 3
                && !text[t.end..start].contains(',')
        });
        let before_trigger =
            next_trigger.filter(|_| (end <= first.start || premodifies) && !after_kill);
        // Headline style "Iraq blasts kill 39", "Yemen violence kills 19":
        // the country says where, not who.
        if entry.kind == ActorKind::State && headline_locative(text, end) {
            continue;
        }
        let role = if let Some(t) = before_trigger {
            let gap = count_between(text, end, t.start);
            let possessive = text[end..].starts_with("'s") || text[end..].starts_with("’s");
            // Subject of "were killed", or "Soleimani's assassination".
            let victim = (passive_at(t) && gap <= 7)
                || (gap <= 3 && headline_passive(text, t))
                || (gap <= 3 && entry.kind == ActorKind::Person && possessive && t.value == "kill");
            if victim {
                Some(ActorRole::Target)
            } else if premodifies {
                Some(ActorRole::Attacker)
            } else {
                None
            }
        } else {
            let before: Vec<String> = words_before(text, start, 3)
                .into_iter()
                .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "its" | "their"))
                .collect();
            let near = before.last().map(String::as_str);
            let after_trigger = m.triggers.iter().rev().find(|t| t.end <= start);
            // The object right after a past-tense attack verb: "bombed PKK
            // positions", "struck Houthi targets".
            let direct_object = after_trigger.is_some_and(|t| {
                let word = text[t.start..t.end].to_lowercase();
                t.value == "attack"
                    && (word.ends_with("ed") || word == "struck" || word == "hit")
                    && count_between(text, t.end, start) <= 1
            });
            if after_kill
                && (entry.kind == ActorKind::Person
                    || !has_person_after_kill(kb, s, m, &kill_triggers))
            {
                Some(ActorRole::Target)
            } else if near == Some("by")
                && after_trigger.is_some_and(|t| count_between(text, t.end, start) <= 4)
            {
                Some(ActorRole::Attacker)
            } else if near.is_some_and(|w| {
                TARGET_MARKERS.contains(&w) || (w == "with" && clash) || (w == "from" && territory)
            }) || (direct_object && near != Some("by"))
                || (before.len() >= 2
                    && TARGET_MARKERS.contains(&before[before.len() - 2].as_str())
                    && site_owner)
            {
                Some(ActorRole::Target)
            } else {
                None
            }
        };
        if let Some(role) = role {
            found.push((role, e.id.clone(), site_owner));
        }
    }

    // "X claimed responsibility for …", "X said it had launched …": X is the
    // attacker even though it is also the speaker.
    let lower = text.to_lowercase();
    for phrase in RESPONSIBILITY {
        let Some(at) = lower.find(phrase) else {
            continue;
        };
        let claimant = s
            .entities(0, at)
            .filter(|e| {
                e.kind == EntityKind::Actor && count_between(text, e.end - s.offset, at) <= 3
            })
            .last();
        if let Some(e) = claimant
            && kb
                .actor(&e.id)
                .is_some_and(|a| a.kind != ActorKind::Organization)
            && !found
                .iter()
                .any(|(r, id, _)| *r == ActorRole::Attacker && *id == e.id)
        {
            found.push((ActorRole::Attacker, e.id.clone(), false));
        }
    }

    // Anaphora: "This group has carried out …", "His killing …".
    let lead = text[m.start..first.start].to_lowercase();
    if !found.iter().any(|(r, _, _)| *r == ActorRole::Attacker)
        && ["this group", "the group", "the militia", "these groups"]
            .iter()
            .any(|p| lead.contains(p))
        && let Some((index, id)) = &discourse.last_group
        && s.data.index - index <= 2
    {
        found.push((ActorRole::Attacker, id.clone(), false));
    }
    let lead_words = words_before(text, first.start, 1);
    if m.has_class("kill")
        && lead_words.first().is_some_and(|w| w == "his" || w == "her")
        && !found.iter().any(|(r, _, _)| *r == ActorRole::Target)
        && let Some((index, id)) = &discourse.last_person
        && s.data.index - index <= 2
    {
        found.push((ActorRole::Target, id.clone(), false));
    }

    // A site owner ("a U.S. outpost") is a target only when nobody else is.
    let has_plain_target = found
        .iter()
        .any(|(r, _, owner)| *r == ActorRole::Target && !owner);
    found.retain(|(r, _, owner)| !(*r == ActorRole::Target && *owner && has_plain_target));

    let mut actors: Vec<Actor> = Vec::new();
    for (role, id, _) in &found {
        if actors
            .iter()
            .any(|a| a.role == *role && a.kb_id.as_deref() == Some(id))
        {
            continue;
        }
        // Keep the most specific of an actor and its parent in one role.
        if found
            .iter()
            .any(|(r, other, _)| r == role && other != id && is_ancestor(kb, id, other))
        {
            continue;
        }
        let Some(entry) = kb.actor(id) else { continue };
        actors.push(Actor {
            name: entry.name.clone(),
            role: *role,
            kind: entry.kind,
            country: kb.actor_country(id).map(String::from),
            kb_id: Some(id.clone()),
        });
    }
    actors
}

fn is_intransitive_kill(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "die" | "dies" | "died" | "dead"
    )
}

/// A casualty word that says its subject was the victim without "were":
/// headline style "Dozens of militants killed by warplanes", "Turkish
/// soldier dies", "nine dead as mortars hit market" — a participle with
/// no object after it, or an intransitive "die".
fn headline_passive(text: &str, t: &TermMatch) -> bool {
    let word = text[t.start..t.end].to_lowercase();
    if is_intransitive_kill(&word) {
        return true;
    }
    if !matches!(
        word.as_str(),
        "killed" | "wounded" | "injured" | "hurt" | "slain"
    ) {
        return false;
    }
    let rest = text[t.end..].trim_start();
    rest.is_empty()
        || rest.starts_with([',', ';', ':', '-', '.', '–', '—'])
        || words_after(text, t.end, 1).first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "in" | "by"
                    | "as"
                    | "near"
                    | "at"
                    | "on"
                    | "after"
                    | "during"
                    | "while"
                    | "outside"
                    | "inside"
                    | "across"
                    | "when"
                    | "from"
                    | "and"
            )
        })
}

/// Most words of a headline's source tag.
const SOURCE_TAG_WORDS: usize = 4;

/// The span of a headline's source tag, if it has one: a short lead before
/// a colon ("Provincial officials: Blasts in Hilla kill 5") or a short tail
/// after a colon or dash ("… kill two guards: police", "… kills
/// four-police", "… - army source"), with no trigger in it. Who told
/// the news is no side of the event.
fn headline_source_tag(text: &str, triggers: &[TermMatch]) -> Option<(usize, usize)> {
    let free = |from: usize, to: usize| {
        spans(&text[from..to]).len() <= SOURCE_TAG_WORDS
            && !triggers.iter().any(|t| t.start < to && from < t.end)
    };
    let body = text.trim_end_matches(['.', ' ']);
    if let Some(colon) = body.find(':')
        && colon > 0
        && free(0, colon)
        && !triggers.is_empty()
    {
        return Some((0, colon));
    }
    let tail = body.rfind([':', '-', '–', '—']).filter(|&i| i > 0)?;
    let after = tail + body[tail..].chars().next().map_or(1, char::len_utf8);
    // A hyphen inside a word ("Iran-backed militias") joins, it does not
    // tag; glued to the last word it does ("kills four-police").
    let words = spans(&body[after..]).len();
    let glued = body[tail..].starts_with('-') && !body[..tail].ends_with(' ');
    (words <= 3 && (!glued || words == 1) && free(after, body.len())).then_some((after, body.len()))
}

/// The kb row of a bare "soldiers", "troops", "security forces".
const GENERIC_FORCES: &str = "military_forces";

/// True when the actor at `start` is the organisation of a person named
/// just before it ("Soleimani, commander of the Quds Force", "Abu Mahdi
/// al-Muhandis, the deputy head of the PMF"): it describes the person and
/// takes no side of its own in the event.
fn affiliation_of_person(ex: &Extractor, s: &Sentence, start: usize) -> bool {
    let text = s.text;
    s.entities(0, start).any(|p| {
        let (_, pe) = rel(p, s.offset);
        if p.kind != EntityKind::Actor
            || !ex
                .kb
                .actor(&p.id)
                .is_some_and(|a| a.kind == ActorKind::Person)
        {
            return false;
        }
        let gap = &text[pe..start];
        let Some(rest) = gap.strip_prefix(", ") else {
            return false;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        !rest.contains([',', ';', '.'])
            && words.len() <= 6
            && words.iter().rev().take(2).any(|w| *w == "of")
            && !words.iter().any(|w| {
                matches!(
                    *w,
                    "was" | "were" | "killed" | "attacked" | "struck" | "and"
                )
            })
    })
}

/// The people a casualty figure counts ("three American troops were
/// killed") are the targets of the event.
fn victims_as_targets(
    ex: &Extractor,
    s: &Sentence,
    discourse: &Discourse,
    figures: &[Figure],
    actors: &mut Vec<Actor>,
) {
    for f in figures {
        if !matches!(
            f.kind,
            FigureKind::Killed | FigureKind::Injured | FigureKind::Casualties
        ) {
            continue;
        }
        let Some(subject) = &f.subject else { continue };
        for e in ex.gazetteer_find(subject) {
            if e.kind != EntityKind::Actor
                || actors.iter().any(|a| a.kb_id.as_deref() == Some(&e.id))
            {
                continue;
            }
            let Some(entry) = ex.kb.actor(&e.id) else {
                continue;
            };
            if entry.kind == ActorKind::Organization
                || (discourse.names_state_force && e.id == GENERIC_FORCES)
            {
                continue;
            }
            actors.push(Actor {
                name: entry.name.clone(),
                role: ActorRole::Target,
                kind: entry.kind,
                country: ex.kb.actor_country(&e.id).map(String::from),
                kb_id: Some(e.id.clone()),
            });
        }
    }
    let _ = s;
}

fn has_person_after_kill(
    kb: &sitrep_kb::Kb,
    s: &Sentence,
    m: &Mention,
    kills: &[&TermMatch],
) -> bool {
    s.entities(m.start, m.end).any(|e| {
        let start = e.start - s.offset;
        e.kind == EntityKind::Actor
            && kb.actor(&e.id).is_some_and(|a| a.kind == ActorKind::Person)
            && kills
                .iter()
                .any(|t| t.end <= start && count_between(s.text, t.end, start) <= 5)
    })
}

fn is_ancestor(kb: &sitrep_kb::Kb, ancestor: &str, id: &str) -> bool {
    let mut current = kb.actor(id).and_then(|a| a.parent.clone());
    for _ in 0..8 {
        match current {
            Some(p) if p == ancestor => return true,
            Some(p) => current = kb.actor(&p).and_then(|a| a.parent.clone()),
            None => return false,
        }
    }
    false
}

/// The places of mention `m`, from `places`, the document's places as the
/// geo stage resolved them together.
fn locations(
    places: &[sitrep_geo::Placed],
    s: &Sentence,
    m: &Mention,
    tally: bool,
) -> Vec<Location> {
    let text = s.text;
    // The place of an event sits next to its trigger: from a few words before
    // the first trigger to the second comma after the last one. A tally's
    // places are its whole scope ("in Iraq, Syria, and Jordan").
    let mut window_end = m.end;
    let after = &text[m.last().end..m.end];
    let mut commas = after.match_indices([',', ';']);
    if let (Some(_), Some((second, _))) = (commas.next(), commas.next())
        && !tally
    {
        window_end = m.last().end + second;
    }
    let words_after_last = spans(&text[m.last().end..window_end]);
    if words_after_last.len() > 25 {
        window_end = m.last().end + words_after_last[24].1;
    }
    let mut candidates: Vec<(usize, Location)> = Vec::new();
    let mut last_start = usize::MAX;
    for e in s.entities(m.start, window_end) {
        if !matches!(e.kind, EntityKind::Place | EntityKind::Facility) || e.start == last_start {
            continue;
        }
        let (start, end) = rel(e, s.offset);
        let has_actor_reading = s
            .data
            .entities
            .iter()
            .any(|a| a.start == e.start && a.kind == EntityKind::Actor);
        if has_actor_reading && !s.reads_as_place(start, end) {
            continue;
        }
        if start < m.first().start && count_between(text, start, m.first().start) > 6 {
            continue;
        }
        // "not in Iraq", "outside Baghdad", "launched from inside Iran": not
        // where it happened.
        let before = words_before(text, start, 2);
        if before.iter().any(|w| w == "not" || w == "from")
            || before.last().is_some_and(|w| w == "outside")
        {
            continue;
        }
        last_start = e.start;
        // "Barbados-flagged", "Iran-backed", "Greece-based": an adjective, not
        // where it happened.
        if text[end..].starts_with('-') && text[end + 1..].starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        // The geo stage's reading: with the document's context, a parent
        // named after it ("Hit, Anbar") and the words before it ("near
        // Erbil"). An adjective ("Turkish jets") says whose, not where; a
        // name the geo stage found to be a person's is no place.
        let Some(placed) = places.iter().find(|p| p.start == e.start) else {
            continue;
        };
        if placed.form == sitrep_geo::NameForm::Demonym {
            continue;
        }
        candidates.push((start, placed.location.clone()));
    }
    // Drop coarser mentions of what a finer one already places ("Al Asad
    // Airbase in western Iraq" → Al Asad).
    let kept: Vec<(usize, Location)> = candidates
        .iter()
        .filter(|(_, c)| {
            !candidates.iter().any(|(_, f)| {
                sitrep_geo::contains(c, f) || (same_place(f, c) && f.precision < c.precision)
            })
        })
        .cloned()
        .collect();
    let mut unique: Vec<(usize, Location)> = Vec::new();
    for (pos, l) in kept {
        if !unique.iter().any(|(_, u)| same_place(u, &l)) {
            unique.push((pos, l));
        }
    }
    if unique.len() <= 1 {
        return unique.into_iter().map(|(_, l)| l).collect();
    }
    // Several places: one report each when the text lists them ("X and a
    // base near Y"), otherwise the most precise.
    let listed = unique
        .windows(2)
        .all(|w| text[w[0].0..w[1].0].contains(" and ") || text[w[0].0..w[1].0].contains(", "));
    if listed {
        return unique.into_iter().map(|(_, l)| l).collect();
    }
    // Otherwise the place attached to a trigger ("attack in Jordan") over
    // a finer one elsewhere in the clause ("… arrived at Dover in
    // Delaware"), then the most precise.
    let attached = |pos: usize| {
        m.triggers
            .iter()
            .any(|t| t.end <= pos && count_between(text, t.end, pos) <= 3)
    };
    let best = unique
        .into_iter()
        .min_by_key(|(pos, l)| (!attached(*pos), l.precision, *pos))
        .map(|(_, l)| l)
        .expect("at least two places");
    vec![best]
}

/// The same kb row or gazetteer entry (gazetteer places have no kb id).
fn same_place(a: &Location, b: &Location) -> bool {
    a.kb_id == b.kb_id && a.geonameid == b.geonameid && a.name == b.name
}

/// One location standing for several (a tally "in Iraq, Syria, and Jordan").
fn region_of(locations: &[Location]) -> Location {
    let names: Vec<String> = locations.iter().filter_map(|l| l.name.clone()).collect();
    let countries: Vec<&String> = locations
        .iter()
        .filter_map(|l| l.country.as_ref())
        .collect();
    let same_country = countries.windows(2).all(|w| w[0] == w[1]);
    Location {
        name: Some(names.join("; ")),
        country: if same_country {
            countries.first().map(|c| c.to_string())
        } else {
            None
        },
        admin1: None,
        lat: None,
        lon: None,
        precision: LocationPrecision::Region,
        text: Some(
            locations
                .iter()
                .filter_map(|l| l.text.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        kb_id: None,
        ..Location::unknown()
    }
}

fn figure_kind(value: &str) -> Option<FigureKind> {
    Some(match value {
        "killed" => FigureKind::Killed,
        "injured" => FigureKind::Injured,
        "casualties" => FigureKind::Casualties,
        "missing" => FigureKind::Missing,
        "abducted" => FigureKind::Abducted,
        "missiles" => FigureKind::Missiles,
        "rockets" => FigureKind::Rockets,
        "drones" => FigureKind::Drones,
        "attacks" => FigureKind::Attacks,
        _ => return None,
    })
}

const SUBJECT_STOPS: &[&str] = &[
    "were", "was", "had", "have", "has", "are", "is", "suffered", "in", "at", "on", "near",
    "during", "who",
];

fn figures(
    ex: &Extractor,
    s: &Sentence,
    m: &Mention,
    discourse: &Discourse,
    evidence: &Evidence,
) -> Vec<Figure> {
    let text = s.text;
    let cues = ex.lexicon.figures.find(text);
    let mut out = Vec::new();
    for q in s.quantities(m.start, m.end) {
        let Some((kind, subject)) = classify(text, &q, &cues) else {
            continue;
        };
        let (claimant, mut stance) = attribution_for(ex, s, q.start, discourse);
        if q.low == Some(0)
            && claimant.is_some()
            && matches!(stance, Stance::Report | Stance::Claim)
        {
            stance = Stance::Denial;
        }
        out.push(Figure {
            kind,
            low: q.low,
            high: q.high,
            qualifier: q.qualifier,
            subject,
            claimant,
            stance,
            evidence: evidence.clone(),
        });
    }
    out
}

/// What quantity `q` counts, and who was counted.
fn classify(text: &str, q: &Quantity, cues: &[TermMatch]) -> Option<(FigureKind, Option<String>)> {
    // A count noun right after the number: "15 missiles", "180 such attacks".
    let next_words = spans(&text[q.end..]);
    let window_end = next_words.get(2).map(|w| q.end + w.1).unwrap_or(text.len());
    // ("19 killed in blasts" counts the dead, not the attacks.)
    let casualty_cue_before = |at: usize| {
        cues.iter()
            .any(|k| k.start >= q.end && k.end <= at && !COUNT_KINDS.contains(&k.value.as_str()))
    };
    if let Some(c) = cues.iter().find(|c| {
        c.start >= q.end
            && c.end <= window_end
            && COUNT_KINDS.contains(&c.value.as_str())
            && !casualty_cue_before(c.start)
    }) {
        return figure_kind(&c.value).map(|k| (k, None));
    }
    // "attacked US forces more than 160 times": a count of attacks.
    if spans(&text[q.end..])
        .first()
        .is_some_and(|&(ws, we)| text[q.end + ws..q.end + we].eq_ignore_ascii_case("times"))
    {
        let clause_start = text[..q.start]
            .rfind(['.', ';'])
            .map(|i| i + 1)
            .unwrap_or(0);
        let attacked = spans(&text[clause_start..q.start]).iter().any(|&(ws, we)| {
            matches!(
                text[clause_start + ws..clause_start + we]
                    .to_lowercase()
                    .as_str(),
                "attacked" | "struck" | "targeted" | "hit" | "shelled" | "bombed" | "fired"
            )
        });
        if attacked {
            return Some((FigureKind::Attacks, None));
        }
    }
    // A number right before an attack word counts attacks ("the two
    // bombings that killed dozens"), whatever casualty word follows.
    // Names may stand between: "two Kirkuk car bombs", "three Mosul blasts".
    let after_number = spans(&text[q.end..]);
    if let Some(noun) = after_number.iter().take(3).position(|&(ws, we)| {
        ATTACK_NOUNS.contains(&text[q.end + ws..q.end + we].to_lowercase().as_str())
    }) && after_number[..noun]
        .iter()
        .all(|&(ws, _)| text[q.end + ws..].starts_with(|c: char| c.is_uppercase()))
        && !text[q.end..q.end + after_number[noun].0].contains([',', ';', ':'])
    {
        return Some((FigureKind::Attacks, None));
    }
    // A casualty word just before: "killing 12", "the killing of three American troops".
    if let Some(c) = cues.iter().rev().find(|c| {
        c.end <= q.start
            && spans(&text[c.end..q.start])
                .iter()
                .all(|&(ws, we)| matches!(&text[c.end + ws..c.end + we], "of" | "to"))
            && count_between(text, c.end, q.start) <= 1
            && !text[c.end..q.start].contains([',', ';', ':', '.'])
            && !COUNT_KINDS.contains(&c.value.as_str())
    }) {
        let subject = subject_after(text, q.end);
        return figure_kind(&c.value).map(|k| (k, subject));
    }
    // A toll set earlier in the clause: "the number of people killed …
    // rose to 91", "put the death toll at 84".
    let before_words = words_before(text, q.start, 1);
    if before_words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "to" | "at"))
    {
        let clause_start = text[..q.start]
            .rfind(['.', ';', ':'])
            .map(|i| i + 1)
            .unwrap_or(0);
        if let Some(c) = cues.iter().rev().find(|c| {
            c.start >= clause_start
                && c.end <= q.start
                && matches!(c.value.as_str(), "killed" | "injured" | "casualties")
                && count_between(text, c.end, q.start) <= 14
        }) {
            return figure_kind(&c.value).map(|k| (k, None));
        }
    }
    // A casualty word ahead in the same clause: "80 … were killed".
    let clause_end = text[q.end..]
        .find([',', ';', ':'])
        .map(|i| q.end + i)
        .unwrap_or(text.len());
    let cue = cues.iter().find(|c| {
        c.start >= q.end
            && c.end <= clause_end
            && count_between(text, q.end, c.start) <= 10
            && !COUNT_KINDS.contains(&c.value.as_str())
    })?;
    let kind = figure_kind(&cue.value)?;
    let between = &text[q.end..cue.start];
    let subject_end = spans(between)
        .into_iter()
        .find(|&(s, e)| SUBJECT_STOPS.contains(&between[s..e].to_lowercase().as_str()))
        .map(|(s, _)| q.end + s)
        .unwrap_or(cue.start);
    let subject = clean_subject(&text[q.end..subject_end]);
    Some((kind, subject))
}

fn subject_after(text: &str, from: usize) -> Option<String> {
    // "kill two guards: police" — the source, not who was killed.
    let rest = &text[from..];
    let rest = &rest[..rest.find([';', ':', '(']).unwrap_or(rest.len())];
    let mut end = from;
    for (s, e) in spans(rest).into_iter().take(6) {
        if SUBJECT_STOPS.contains(&rest[s..e].to_lowercase().as_str()) {
            break;
        }
        end = from + e;
    }
    clean_subject(&text[from..end])
}

fn clean_subject(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | ',' | ' '))
        .replace(['"', '“', '”'], "");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// The claimant and stance that govern a figure at `pos`: the nearest
/// attribution before it in the sentence, else the first one after it.
fn attribution_for(
    ex: &Extractor,
    s: &Sentence,
    pos: usize,
    discourse: &Discourse,
) -> (Option<String>, Stance) {
    let attributions = &s.data.attributions;
    let chosen = attributions
        .iter()
        .rev()
        .find(|a| a.start - s.offset <= pos)
        .or_else(|| attributions.first());
    let Some(a) = chosen else {
        return (None, Stance::Report);
    };
    let claimant = match (&a.claimant, &a.actor_id) {
        (Some(c), None) if matches!(c.to_lowercase().as_str(), "he" | "she" | "they") => discourse
            .last_person
            .as_ref()
            .filter(|(index, _)| s.data.index - index <= 3)
            .and_then(|(_, id)| ex.kb.actor(id))
            .map(|p| p.name.clone()),
        (c, _) => c.clone(),
    };
    (claimant, a.stance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_trimmed_of_quotes() {
        assert_eq!(
            clean_subject(" \"American terrorists\" "),
            Some("American terrorists".into())
        );
        assert_eq!(clean_subject("  "), None);
    }
}
