/* Status Codes, Live: self-check quizzes and "read" tracking on lesson pages.
 *
 * Every section.quiz (rendered by tutorial/content/quiz.py) becomes interactive: the no-JS
 * "Show answers" disclosures are hidden, each question gets its "Check answer" button, and
 * checking marks the chosen answer right or wrong, reveals its explanation and announces the
 * result in the quiz's live region. A quiz whose questions are all answered correctly is passed.
 *
 * A lesson counts as read when its pager (the end of the page) scrolls into view, or when its
 * quiz is passed. Progress is stored by progress.js, in this browser only. Only classes and the
 * `hidden` attribute are touched, never element.style (the CSP allows no inline styles).
 */

import { lessonSlugFromPath, markRead, quizResult, recordQuiz } from "./progress.js";

function setVerdict(node, verdict) {
  node.classList.toggle("is-correct", verdict === true);
  node.classList.toggle("is-wrong", verdict === false);
}

function setUpQuiz(section) {
  const slug = section.dataset.quiz;
  const questions = [...section.querySelectorAll(".quiz-question")];
  const total = questions.length;
  const result = section.querySelector(".quiz-result");
  const record = section.querySelector(".quiz-record");
  const answered = new Map(); // question -> whether its last checked answer was right

  function score() {
    return [...answered.values()].filter(Boolean).length;
  }

  function announce(text) {
    result.textContent = text;
  }

  function clearVerdict(question) {
    setVerdict(question, null);
    for (const choice of question.querySelectorAll(".quiz-choice")) {
      setVerdict(choice, null);
      choice.classList.remove("is-chosen");
    }
    for (const why of question.querySelectorAll(".quiz-why")) why.hidden = true;
    const feedback = question.querySelector(".quiz-feedback");
    feedback.textContent = "";
    setVerdict(feedback, null);
  }

  function check(question) {
    const number = question.dataset.question;
    const feedback = question.querySelector(".quiz-feedback");
    const chosen = question.querySelector('input[type="radio"]:checked');
    clearVerdict(question);
    if (!chosen) {
      feedback.textContent = "Choose an answer first.";
      announce(`Question ${number}: choose an answer first.`);
      return;
    }
    const right = chosen.hasAttribute("data-correct");
    const choice = chosen.closest(".quiz-choice");
    const why = document.getElementById(`${chosen.id}-why`);
    choice.classList.add("is-chosen");
    setVerdict(choice, right);
    setVerdict(question, right);
    setVerdict(feedback, right);
    why.hidden = false;
    feedback.textContent = right ? "Correct." : "Not quite. Read why, then try another answer.";
    answered.set(question, right);

    const correct = score();
    const stored = recordQuiz(slug, correct, total);
    const explanation = why.textContent.trim(); // starts with "Right." or "Wrong."
    let summary;
    if (correct === total) {
      summary = `All ${total} correct: quiz passed. This lesson counts as read.`;
      section.classList.add("is-passed");
    } else {
      summary = `${correct} of ${total} correct so far.`;
    }
    announce(`Question ${number}: ${explanation} ${summary}`);
    if (stored?.passed) showRecord(stored);
  }

  function showRecord(stored) {
    record.textContent = `Passed: best score ${stored.score} of ${stored.total}.`;
    record.hidden = false;
  }

  for (const question of questions) {
    question.querySelector(".quiz-answers").hidden = true;
    question.querySelector(".quiz-actions").hidden = false;
    question.querySelector(".quiz-check").addEventListener("click", () => check(question));
    // A new choice has not been checked yet: drop the old verdict instead of showing it beside
    // the new choice (the stored best score keeps what was already achieved).
    question.addEventListener("change", () => {
      answered.delete(question);
      clearVerdict(question);
      section.classList.remove("is-passed");
    });
  }
  section.classList.add("is-interactive");

  const previous = quizResult(slug);
  if (previous?.passed && previous.total === total) {
    record.textContent =
      `You passed this quiz before (${previous.score} of ${previous.total}). ` +
      "Try it again any time.";
    record.hidden = false;
  }
}

function trackReading(slug) {
  const end = document.querySelector(".pager");
  if (!slug || !end || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      markRead(slug);
      observer.disconnect();
    }
  });
  observer.observe(end);
}

for (const section of document.querySelectorAll("section.quiz[data-quiz]")) setUpQuiz(section);
trackReading(lessonSlugFromPath());
