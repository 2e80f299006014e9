//! What only the teacher does beyond asking and revealing: opening a submission by its
//! rank, telling what happened.

use super::*;

#[test]
fn only_the_teacher_opens_a_submission_by_its_rank() {
    let mut r = room();
    join(&mut r, 1, "Ada");
    join(&mut r, 2, "Bo");
    let goal = Goal {
        metric: Metric::TestLoss,
        max_neurons: Some(12),
        epochs: 500,
    };
    r.apply(Who::Teacher(SECRET), Action::Challenge { goal }, 2)
        .unwrap();
    for (n, value) in [(1, 0.30), (2, 0.12)] {
        let submit = Action::Submit {
            value,
            neurons: 8,
            epoch: 400,
            experiment: format!("{{\"by\":{n}}}"),
        };
        r.apply(Who::Student(&token(n)), submit, 3).unwrap();
    }
    assert_eq!(r.submission(SECRET, 1).unwrap().experiment, "{\"by\":2}");
    assert_eq!(r.submission(SECRET, 2).unwrap().nickname, "Ada");
    assert_eq!(r.submission(SECRET, 0), Err(Refusal::NoSubmission));
    assert_eq!(r.submission(SECRET, 3), Err(Refusal::NoSubmission));
    let wrong = SECRET.replace('0', "1");
    assert_eq!(r.submission(&wrong, 1), Err(Refusal::NotTeacher));
}

#[test]
fn what_happened_is_told_after_the_reveal_and_cleared_by_the_next_question() {
    let mut r = room();
    join(&mut r, 1, "Ada");
    let outcome = |choice| Action::Outcome { choice };
    assert_eq!(
        r.apply(Who::Teacher(SECRET), outcome(0), 2),
        Err(Refusal::NoQuestion)
    );
    ask(&mut r, 3);
    assert_eq!(
        r.apply(Who::Teacher(SECRET), outcome(0), 2),
        Err(Refusal::NotRevealed)
    );
    r.apply(Who::Teacher(SECRET), Action::Reveal, 2).unwrap();
    assert_eq!(
        r.apply(Who::Teacher(SECRET), outcome(3), 2),
        Err(Refusal::BadChoice { choices: 3 })
    );
    assert_eq!(
        r.apply(Who::Student(&token(1)), outcome(1), 2),
        Err(Refusal::NotTeacher)
    );
    assert_eq!(
        r.apply(Who::Teacher(SECRET), outcome(2), 2),
        Ok(vec![Event::Outcome])
    );
    assert_eq!(r.student_view(&token(1)).unwrap().happened, Some(2));
    ask(&mut r, 2);
    assert_eq!(r.teacher_view().happened, None);
}
