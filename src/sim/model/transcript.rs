//! Conversation scripts for live transcript phrases. Speaker roles follow the order
//! agent / customer; see [`AGENT_ROLE`] and [`CUSTOMER_ROLE`].

/// `SpeakerRole` value written for the agent's phrases.
pub const AGENT_ROLE: i64 = 1;
/// `SpeakerRole` value written for the customer's phrases.
pub const CUSTOMER_ROLE: i64 = 2;

/// One line of a script: who speaks and what.
pub type Line = (i64, &'static str);

/// A few short service conversations (Finnish and English). Calls cycle through one.
pub const SCRIPTS: &[&[Line]] = &[
    &[
        (
            AGENT_ROLE,
            "Hyvää päivää, asiakaspalvelu, Aino puhelimessa.",
        ),
        (CUSTOMER_ROLE, "Hei, soitan laskusta joka tuli eilen."),
        (AGENT_ROLE, "Selvä, voisitteko kertoa asiakasnumeronne?"),
        (CUSTOMER_ROLE, "Se on kaksi neljä kuusi kahdeksan yksi."),
        (
            AGENT_ROLE,
            "Kiitos, löysin tiedot. Laskussa on kaksi kuukautta.",
        ),
        (CUSTOMER_ROLE, "Aha, eli se on oikein sitten."),
        (AGENT_ROLE, "Kyllä, voin lähettää erittelyn sähköpostiin."),
        (CUSTOMER_ROLE, "Se olisi hienoa, kiitos paljon."),
    ],
    &[
        (
            AGENT_ROLE,
            "Good morning, technical support, how can I help?",
        ),
        (
            CUSTOMER_ROLE,
            "My phone stopped receiving calls this morning.",
        ),
        (
            AGENT_ROLE,
            "I am sorry to hear that. Is the device online now?",
        ),
        (
            CUSTOMER_ROLE,
            "Yes, it shows as registered but nothing rings.",
        ),
        (
            AGENT_ROLE,
            "Let me check the forwarding settings on your line.",
        ),
        (CUSTOMER_ROLE, "Okay, I will wait."),
        (
            AGENT_ROLE,
            "Call forwarding was on. I have switched it off now.",
        ),
        (CUSTOMER_ROLE, "Great, thank you for the quick help."),
    ],
    &[
        (AGENT_ROLE, "Myynti, Mikko tässä, hei."),
        (
            CUSTOMER_ROLE,
            "Hei, olisin kiinnostunut yrityksen liittymistä.",
        ),
        (
            AGENT_ROLE,
            "Kuinka monelle työntekijälle tarvitsette liittymän?",
        ),
        (CUSTOMER_ROLE, "Noin kahdellekymmenelle hengelle."),
        (AGENT_ROLE, "Teen teille tarjouksen, sopiiko sähköposti?"),
        (CUSTOMER_ROLE, "Sopii hyvin, osoite on minulla tilauksessa."),
    ],
];

/// The first half of a phrase's words, as an intermediate (not yet final) result.
pub fn intermediate(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.len().div_ceil(2).max(1);
    words[..n.min(words.len())].join(" ")
}

/// Spoken duration of a phrase, in milliseconds.
pub fn duration_ms(text: &str) -> i64 {
    text.split_whitespace().count() as i64 * 350 + 200
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_has_both_roles_and_intermediates_are_prefixes() {
        for s in SCRIPTS {
            assert!(s.iter().any(|l| l.0 == AGENT_ROLE));
            assert!(s.iter().any(|l| l.0 == CUSTOMER_ROLE));
            for (_, text) in s.iter() {
                assert!(text.starts_with(&intermediate(text)));
                assert!(intermediate(text).len() < text.len());
            }
        }
    }
}
