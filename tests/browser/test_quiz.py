"""A lesson's quiz answered in place, and the progress it leaves on the home page, then reset."""

import json
import re

from django.urls import reverse
from playwright.sync_api import expect

from tutorial.content.library import lessons

QUIZ_LESSON = "client-errors"
# A lesson without a quiz: it counts as read once its end (the pager) scrolls into view.
READ_LESSON = "response-classes"
STORAGE_KEY = "status-codes-progress"  # static/js/progress.js
ANSWERS_JOINED = re.DOTALL  # an explanation's text may run over lines


def stored_progress(page):
    text = page.evaluate("key => window.localStorage.getItem(key)", STORAGE_KEY)
    return None if text is None else json.loads(text)


def choose(page, radio):
    """Pick an answer the way a learner does: by clicking its label."""
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    expect(radio).to_be_checked()


def why_of(page, radio):
    return page.locator(f"#{radio.get_attribute('id')}-why")


def choice_of(page, radio):
    return page.locator(f"li.quiz-choice:has(#{radio.get_attribute('id')})")


def answer_rightly(page, question):
    right = question.locator("input[data-correct]")
    choose(page, right)
    question.locator(".quiz-check").click()
    expect(question.locator(".quiz-feedback")).to_have_text("Correct.")


def test_quiz_explains_each_choice_and_the_home_page_shows_then_resets_progress(page, site):
    quiz_url = site + reverse("pages:lesson", args=[QUIZ_LESSON])
    home_url = site + reverse("pages:home")
    page.goto(quiz_url)
    quiz = page.locator(f'section.quiz[data-quiz="{QUIZ_LESSON}"]')
    expect(quiz).to_have_class(re.compile(r"\bis-interactive\b"))
    questions = quiz.locator(".quiz-question")
    total = questions.count()
    assert total >= 5
    result = quiz.locator(".quiz-result")
    first = questions.first
    # With JavaScript, the no-JS "Show answers" disclosures give way to "Check answer" buttons.
    expect(first.locator(".quiz-answers")).to_be_hidden()
    expect(first.locator(".quiz-check")).to_be_visible()
    expect(first.locator(".quiz-why")).to_have_count(first.locator(".quiz-choice").count())
    expect(first.locator(".quiz-why:visible")).to_have_count(0)

    # A wrong answer: marked wrong, only its own explanation shown, announced with the score.
    wrong = first.locator("input[type=radio]:not([data-correct])").first
    choose(page, wrong)
    first.locator(".quiz-check").click()
    wrong_choice = choice_of(page, wrong)
    expect(wrong_choice).to_have_class(re.compile(r"\bis-wrong\b"))
    expect(why_of(page, wrong)).to_be_visible()
    expect(why_of(page, wrong)).to_have_text(re.compile(r"^Wrong\. \S"))
    expect(first.locator(".quiz-why:visible")).to_have_count(1)
    expect(first.locator(".quiz-feedback")).to_have_text(
        "Not quite. Read why, then try another answer."
    )
    expect(result).to_have_text(
        re.compile(rf"^Question 1: Wrong\. .+ 0 of {total} correct so far\.$", ANSWERS_JOINED)
    )
    assert stored_progress(page)["quizzes"][QUIZ_LESSON] == {
        "passed": False,
        "score": 0,
        "total": total,
    }

    # Another choice drops the old verdict; the right answer shows its own explanation.
    right = first.locator("input[data-correct]")
    choose(page, right)
    expect(why_of(page, wrong)).to_be_hidden()
    expect(wrong_choice).not_to_have_class(re.compile(r"\bis-wrong\b"))
    first.locator(".quiz-check").click()
    expect(choice_of(page, right)).to_have_class(re.compile(r"\bis-correct\b"))
    expect(why_of(page, right)).to_have_text(re.compile(r"^Right\. \S"))
    expect(first.locator(".quiz-why:visible")).to_have_count(1)
    expect(result).to_have_text(
        re.compile(rf"^Question 1: Right\. .+ 1 of {total} correct so far\.$", ANSWERS_JOINED)
    )
    expect(quiz).not_to_have_class(re.compile(r"\bis-passed\b"))

    for number in range(1, total):
        answer_rightly(page, questions.nth(number))
    expect(result).to_have_text(
        re.compile(rf"All {total} correct: quiz passed\. This lesson counts as read\.$")
    )
    expect(quiz).to_have_class(re.compile(r"\bis-passed\b"))
    expect(quiz.locator(".quiz-record")).to_have_text(f"Passed: best score {total} of {total}.")
    progress = stored_progress(page)
    assert progress["quizzes"][QUIZ_LESSON] == {"passed": True, "score": total, "total": total}
    assert QUIZ_LESSON in progress["read"]

    # Coming back, the lesson remembers the pass.
    page.reload()
    expect(quiz.locator(".quiz-record")).to_have_text(
        f"You passed this quiz before ({total} of {total}). Try it again any time."
    )

    # A lesson without a quiz is read once its end comes into view, not before.
    page.goto(site + reverse("pages:lesson", args=[READ_LESSON]))
    assert READ_LESSON not in stored_progress(page)["read"]
    page.locator(".pager").scroll_into_view_if_needed()
    page.wait_for_function(
        "([key, slug]) => JSON.parse(localStorage.getItem(key)).read.includes(slug)",
        arg=[STORAGE_KEY, READ_LESSON],
    )

    everything = lessons()
    with_quiz = [lesson.slug for lesson in everything if 'class="quiz"' in lesson.html]
    assert QUIZ_LESSON in with_quiz
    assert READ_LESSON not in with_quiz

    page.goto(home_url)
    box = page.locator("[data-progress]")
    expect(box).to_be_visible()
    expect(box.locator("[data-read-count]")).to_have_text("2")
    expect(box.locator("[data-lesson-total]")).to_have_text(str(len(everything)))
    expect(box.locator("[data-passed-count]")).to_have_text("1")
    expect(box.locator("[data-quiz-total]")).to_have_text(str(len(with_quiz)))
    assert box.locator("[data-read-meter]").evaluate("meter => meter.value") == 2
    assert box.locator("[data-quiz-meter]").evaluate("meter => meter.value") == 1
    passed = box.locator(f'[data-lesson="{QUIZ_LESSON}"]')
    expect(passed.locator("[data-read-mark]")).to_have_text("Read")
    expect(passed.locator("[data-quiz-mark]")).to_have_text(f"Quiz passed ({total} of {total})")
    read = box.locator(f'[data-lesson="{READ_LESSON}"]')
    expect(read.locator("[data-read-mark]")).to_have_text("Read")
    expect(read.locator("[data-quiz-mark]")).to_have_count(0)
    unread = [lesson.slug for lesson in everything if lesson.slug not in {QUIZ_LESSON, READ_LESSON}]
    expect(box.locator("[data-lesson]:not(.is-read)")).to_have_count(len(unread))
    for slug in unread:
        expect(box.locator(f'[data-lesson="{slug}"] [data-read-mark]')).to_have_text("Not read yet")

    # Reset: the box and the browser's storage are both cleared, and the reset is announced.
    box.locator("[data-progress-reset]").click()
    expect(box.locator("[data-progress-live]")).to_have_text("Progress reset")
    expect(box.locator("[data-read-count]")).to_have_text("0")
    expect(box.locator("[data-passed-count]")).to_have_text("0")
    expect(box.locator(".is-read, .is-passed")).to_have_count(0)
    expect(passed.locator("[data-quiz-mark]")).to_have_text("Quiz not taken yet")
    assert stored_progress(page) is None
    page.reload()
    expect(box.locator("[data-read-count]")).to_have_text("0")
    expect(box.locator("[data-passed-count]")).to_have_text("0")
    page.goto(quiz_url)
    expect(quiz.locator(".quiz-record")).to_be_hidden()
