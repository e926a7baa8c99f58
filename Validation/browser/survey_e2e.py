#!/usr/bin/env python3
"""End-to-end browser test of laeval-server's survey with headless Chromium (issue 10).

Starts laeval-server on a new SQLite database with docs/examples/questionnaire.yaml, issues a
link, and drives Chromium (Debian's chromium and chromium-driver, selenium from PyPI) through
the survey as a respondent would: the start page, a validation error (required question left
empty, error summary linked to the field), save and come back later, returning with the link,
routing (a page skipped when "None of these" is chosen), check your answers, sending, and the
read-only view afterwards; then the admin sign-in and the wave page. A screenshot of each page
type is written to --shots (default /tmp/laeval-survey-shots). Exits non-zero on any failed
check.

Usage, from the repository root, after `swift build --package-path Server`:
  python3 Validation/browser/survey_e2e.py --server Server/.build/debug/laeval-server --study laeval-demo/study
"""
import argparse, csv, os, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def run(cmd, env):
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--study", required=True)
    parser.add_argument("--port", type=int, default=18181)
    parser.add_argument("--shots", default="/tmp/laeval-survey-shots")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    folder = tempfile.mkdtemp()
    env = dict(os.environ, LAEVAL_DATABASE=f"sqlite:{folder}/survey.sqlite", LAEVAL_PASSWORD="a long test pass phrase")
    run([args.server, "evaluator", "add", "--email", "eva@example.gov.uk"], env)
    run([args.server, "survey", "create-wave", "--number", "1", "--title", "Wave 1 (spring 2026)", "--questionnaire",
         os.path.join(ROOT, "docs/examples/questionnaire.yaml"), "--opens", "2026-01-01", "--closes", "2030-06-30"], env)
    people = os.path.join(folder, "people.csv")
    with open(people, "w") as f:
        f.write("la_code,role,email\nE06000001,dcs,dcs@hartlepool.example\n")
    links = os.path.join(folder, "links.csv")
    run([args.server, "survey", "links", "--wave", "1", "--people", people, "--out", links, "--base-url", f"http://localhost:{args.port}"], env)
    link = next(csv.DictReader(open(links)))["link"]
    server = subprocess.Popen([args.server, "serve", args.study, "--port", str(args.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://localhost:{args.port}/health")
                break
            except OSError:
                time.sleep(0.1)
        options = Options()
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        shot = lambda name: browser.save_screenshot(os.path.join(args.shots, name + ".png"))
        try:
            drive(browser, link, args.port, shot)
        except Exception as error:
            shot("failure")
            failures.append(f"{type(error).__name__} at {browser.current_url}")
            print(f"FAIL {type(error).__name__} at {browser.current_url}: {str(error).splitlines()[0]}")
        finally:
            browser.quit()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{len(failures)} failed checks; screenshots in {args.shots}")
    sys.exit(1 if failures else 0)


def submit(browser, selector):
    """Clicks a form's button and waits for the next page to load."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))


def drive(browser, link, port, shot):
    browser.get(link)
    check("Start now" in browser.page_source and "Hartlepool" in browser.page_source, "start page names the LA and offers Start now")
    shot("1-start")
    browser.find_element(By.LINK_TEXT, "Start now").click()
    # validation error: continue with the required role unanswered
    browser.find_element(By.ID, "q-support-6").click()  # None of these
    submit(browser, "button[value=continue]")
    check(browser.title.startswith("Error: About you"), "the page title says there is an error")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    check("Select an answer" in summary.text, "the error summary says what to do")
    check(browser.find_element(By.CSS_SELECTOR, "#q-support-6").is_selected(), "the answer given is kept on the error page")
    shot("2-validation-error")
    summary.find_element(By.LINK_TEXT, "Select an answer").click()
    check(browser.switch_to.active_element.get_attribute("id") == "q-role", "the summary link moves focus to the field")
    browser.find_element(By.ID, "q-role").click()  # Director
    submit(browser, "button[value=save]")
    check("Your answers have been saved" in browser.page_source, "save and come back later confirms the save")
    shot("3-saved")
    # return later with the same link
    browser.get(link)
    check("Continue where you left off" in browser.page_source, "returning with the link offers to continue")
    browser.find_element(By.LINK_TEXT, "Continue where you left off").click()
    check(browser.find_element(By.ID, "q-role").is_selected(), "the saved answer is still there")
    submit(browser, "button[value=continue]")
    # routing: with "None of these" the support-quality page is skipped
    check("Your workforce" in browser.page_source, "routing skips the support page when no support was had")
    shot("4-question-page")
    browser.find_element(By.ID, "q-vacancies").send_keys("twelve")
    submit(browser, "button[value=continue]")
    check("Enter a number, like 12 or 3.5" in browser.page_source, "a number question explains a bad number")
    shot("5-number-error")
    field = browser.find_element(By.ID, "q-vacancies")
    field.clear()
    field.send_keys("12")
    submit(browser, "button[value=continue]")
    browser.find_element(By.ID, "q-comments").send_keys("Peer challenge from our partner helped most.")
    submit(browser, "button[value=continue]")
    check("Check your answers" in browser.page_source and "None of these" in browser.page_source, "check your answers lists the answers")
    check("The support was relevant" not in browser.page_source, "skipped questions are not listed")
    shot("6-check-answers")
    submit(browser, "form[action$=submit] button")
    check("Answers sent" in browser.page_source, "sending shows the confirmation")
    shot("7-confirmation")
    browser.get(link)
    check("Your submitted answers" in browser.page_source and "Change" not in browser.page_source, "after sending, the link shows the answers read-only")
    shot("8-read-only")
    # admin
    browser.get(f"http://localhost:{port}/admin")
    check(browser.current_url.endswith("/admin/sign-in"), "the admin console asks for a sign-in")
    shot("9-sign-in")
    browser.find_element(By.ID, "email").send_keys("eva@example.gov.uk")
    browser.find_element(By.ID, "password").send_keys("a long test pass phrase")
    submit(browser, "form button")
    check("Survey waves" in browser.page_source, "signing in opens the waves page")
    shot("10-admin-waves")
    browser.find_element(By.LINK_TEXT, "1").click()
    check("Response by region" in browser.page_source and "Submitted" in browser.page_source, "the wave page shows response rates and status")
    shot("11-admin-wave")
    browser.get(f"http://localhost:{port}/admin/dashboard?view=la&la=E06000001")
    check("Hartlepool" in browser.page_source and "<svg" in browser.page_source, "the dashboard draws an LA's trend")
    shot("12-dashboard")


if __name__ == "__main__":
    main()
