"""The portal's browser flows, in headless Chromium through Selenium, with axe-core on every page.

Run by PortalBrowserTests (Swift), which starts the real server over a test database, arranges the people and
cases, and passes a JSON plan as the only argument:

    {"base": URL, "screenshots": DIR, "axe": PATH, "people": {actor: password}, "files": [PATH, ...],
     "case": ID, "otherCase": ID, "reviewCase": ID, "rejectItem": EVIDENCE-ID}

or, to run only some flows, {"flows": [NAME, ...], ...} with what those flows read (the renewal's: "renewalCase",
"reuseItem").

Every page visited is checked by axe-core (no serious or critical violation of WCAG 2.2 A/AA or best practice)
and saved as a screenshot. Exits 0 when every check passed; otherwise prints each failure and exits 1.
"""

import json
import os
import sys
import time

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

PLAN = json.load(open(sys.argv[1]))
BASE = PLAN["base"]
FAILURES = []
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def browser(javascript=True):
    """A headless Chromium, with or without JavaScript."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600",
                     "--disable-gpu", "--lang=en-GB"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(PLAN.get("chromedriver", "/usr/bin/chromedriver")))
    # As long as the Swift harness waits for an answer: under the whole suite on two cores the server's handlers can
    # queue behind other tests for minutes (docs/architecture.md, "The test suite on two cores").
    driver.set_page_load_timeout(600)
    driver.set_script_timeout(600)
    # Selenium's own wait for chromedriver's answer is 120 s for Chromium: as long as the page load, for the same
    # reason (a first page that queues behind the suite would otherwise end the flow).
    driver.command_executor._client_config.timeout = 600
    return driver


def check(condition, message):
    """Records a failure unless `condition` holds."""
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, flush=True)
    return condition


def look(driver, name, axe=True):
    """Checks the current page with axe-core and saves a screenshot called `name` (a page in a browser without
    JavaScript is only saved: axe runs as a script)."""
    driver.save_screenshot(os.path.join(PLAN["screenshots"], name + ".png"))
    if not axe:
        print("ok: %s (%s)" % (name, driver.title), flush=True)
        return
    if not driver.execute_script("return !!document.querySelector('main') && !!document.querySelector('h1')"):
        check(False, name + ": the page has no <main> or no <h1>")
    axe = Axe(driver, script_url=PLAN["axe"])
    axe.inject()
    results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}}))
    for violation in results["violations"]:
        nodes = "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                          for node in violation["nodes"][:5])
        line = "%s: axe %s (%s): %s at %s" % (name, violation["id"], violation["impact"], violation["help"], nodes)
        if violation["impact"] in ("serious", "critical"):
            check(False, line)
        else:
            print("note: " + line, flush=True)
    print("ok: %s (%s)" % (name, driver.title), flush=True)


def wait(driver, condition, seconds=60):
    """Waits for a condition, recording a failure when it never holds. A question asked while the page is being
    replaced may fail with any WebDriver error (Chromium's "node does not belong to the document", say), not only a
    stale reference: it is asked again, and an error that persists ends in the timeout."""
    try:
        return WebDriverWait(driver, seconds, ignored_exceptions=[WebDriverException]).until(condition)
    except TimeoutException:
        check(False, "timed out waiting on " + driver.current_url)
        return None


def gone(element):
    """A condition that holds once `element`'s page has been replaced. Chromium may answer a question about an
    element of a page being torn down with an error other than a stale reference ("frame detached", "no such
    execution context"): either way the old page is gone."""
    def condition(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return condition


def sign_in(driver, actor):
    """Signs in through the form."""
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "actor").send_keys(actor)
    driver.find_element(By.ID, "password").send_keys(PLAN["people"][actor])
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form.sign-out")))


def coverage(driver, foundation):
    """The value of a foundation's coverage bar."""
    return int(driver.find_element(By.ID, "coverage-" + foundation).get_attribute("value") or "0")


def everyone_pages():
    """Signing in, the keyboard's first stop, a wrong password, and the 404 page."""
    driver = browser()
    try:
        driver.get(BASE + "/sign-in")
        look(driver, "sign-in")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        check(focused.get_attribute("class") == "skip-link", "the first Tab does not reach the skip link")
        driver.find_element(By.ID, "actor").send_keys("ann")
        driver.find_element(By.ID, "password").send_keys("not the password")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        summary = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
        if summary:
            check(driver.switch_to.active_element == summary, "the error summary does not take focus")
        look(driver, "sign-in-error")
        driver.get(BASE + "/no/such/page")
        look(driver, "not-found")
        driver.get(BASE + "/invitation")
        look(driver, "invitation")
    finally:
        driver.quit()


def applicant_uploads_with_progress():
    """The applicant signs in, uploads two files through the script (progress, SHA-256, stored) and sees the
    foundation's coverage rise; another organisation's case is not found."""
    driver = browser()
    try:
        sign_in(driver, "ann")
        look(driver, "applicant-home")
        check(PLAN["case"] in driver.page_source, "the applicant's home does not list " + PLAN["case"])
        driver.get(BASE + "/cases/" + PLAN["case"])
        look(driver, "applicant-case")
        before = coverage(driver, "SL"), coverage(driver, "LD")
        chooser = driver.find_element(By.ID, "file")
        chooser.send_keys("\n".join(PLAN["files"]))
        items = driver.find_elements(By.CSS_SELECTOR, "[data-list] .upload-item")
        check(len(items) == len(PLAN["files"]), "the upload list shows %d files, not %d" % (len(items), len(PLAN["files"])))
        # A criterion for each file: two that expect one item each, so each file completes one.
        selects = driver.find_elements(By.CSS_SELECTOR, "[data-list] select")
        if len(selects) >= 2:
            webdriver.support.select.Select(selects[0]).select_by_value("SL-2.2")
            webdriver.support.select.Select(selects[1]).select_by_value("LD-1.2")
        driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
        wait(driver, lambda d: len([s for s in d.find_elements(By.CSS_SELECTOR, ".upload-state")
                                    if s.text.startswith("Stored: SHA-256 ")]) == len(PLAN["files"]))
        bars = driver.find_elements(By.CSS_SELECTOR, "[data-list] progress")
        check(all(bar.get_attribute("value") == bar.get_attribute("max") for bar in bars), "a progress bar is not full")
        look(driver, "applicant-uploaded")
        submit(driver, driver.find_element(By.CSS_SELECTOR, ".upload-done a"))
        after = coverage(driver, "SL"), coverage(driver, "LD")
        check(after == (before[0] + 1, before[1] + 1), "coverage of SL and LD went from %s to %s, not up by 1 each"
              % (before, after))
        look(driver, "applicant-case-after-upload")
        driver.get(BASE + "/account")
        look(driver, "account")
        # Her address for reminders, from the account page.
        driver.find_element(By.ID, "email").send_keys("ann@riverside.example")
        notice = submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/email'] button"))
        check("reminders of deadlines go to it" in notice.text, "no confirmation after saving the address")
        check(driver.find_element(By.ID, "email").get_attribute("value") == "ann@riverside.example",
              "the saved address is not in the form")
        look(driver, "account-email-saved")
        driver.get(BASE + "/cases/" + PLAN["otherCase"])
        check("Page not found" in driver.title, "another organisation's case is not a 404: " + driver.title)
    finally:
        driver.quit()


def applicant_uploads_without_javascript():
    """With JavaScript off, the same form uploads a file as multipart and the page shows it stored."""
    driver = browser(javascript=False)
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + PLAN["case"])
        webdriver.support.select.Select(driver.find_element(By.ID, "criterion")).select_by_value("SL-2.1/2")
        driver.find_element(By.ID, "file").send_keys(PLAN["files"][0])
        notice = submit(driver, driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]"))
        check(notice is not None and "stored" in notice.text, "no confirmation after a plain form upload")
        item = driver.find_elements(By.CSS_SELECTOR, "#criterion-SL-2\\.1 .evidence-item")
        check(len(item) == 1 and "for item 2" in item[0].text,
              "the file uploaded without JavaScript is not listed under SL-2.1 for its second item")
        look(driver, "applicant-case-no-javascript", axe=False)
    finally:
        driver.quit()


def applicant_assesses_itself():
    """The applicant opens the self-assessment from the case page, is told a rating needs a narrative, rates two
    criteria (one by keyboard) with narratives, and sees the count rise; the evidence cannot be submitted until every
    criterion is self-assessed."""
    driver = browser()
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + PLAN["case"])
        check("Not yet possible" in driver.page_source and "self-assessment" in driver.page_source,
              "the case page does not say the submission waits for the self-assessment")
        link = driver.find_element(By.CSS_SELECTOR, "a[href$='/self-assessment']")
        link.click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "fieldset.rating")))
        look(driver, "applicant-self-assessment")
        # A rating without a narrative is refused on the form, naming the criterion.
        first = driver.find_element(By.CSS_SELECTOR, "#self-SL-1\\.1 input[type=radio]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
        first.click()
        first.send_keys(Keys.ARROW_RIGHT)
        button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
        button.click()
        wait(driver, gone(button))
        summary = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
        check(summary is not None and "SL-1.1: give a narrative too" in summary.text, "no error for a missing narrative")
        look(driver, "applicant-self-assessment-error")
        chosen = driver.find_element(By.CSS_SELECTOR, "#self-SL-1\\.1 input[type=radio]:checked")
        check(chosen.get_attribute("value") == "partially-met", "the rating chosen by keyboard was not kept on the form")
        driver.find_element(By.ID, "narrative-SL-1.1").send_keys("Every service reports through the system")
        second = driver.find_element(By.CSS_SELECTOR, "#self-SL-1\\.2 input[type=radio][value=partially-met]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", second)
        second.click()
        driver.find_element(By.ID, "narrative-SL-1.2").send_keys("The plan's yearly review is overdue")
        notice = submit(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        check(notice is not None and "self-assessment has been recorded" in notice.text, "no confirmation")
        check("2 of 36 done" in driver.page_source, "the case page does not count two criteria self-assessed")
        driver.get(BASE + "/cases/%s/self-assessment" % PLAN["case"])
        narrative = driver.find_element(By.ID, "narrative-SL-1.2")
        check(narrative.get_attribute("value") == "The plan's yearly review is overdue", "the narrative was not kept")
    finally:
        driver.quit()


def submit(driver, element):
    """Clicks what sends a form and waits for the next page's notice (after the old page is gone), returning it."""
    element.click()
    wait(driver, gone(element))
    return wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))


def press(driver, event):
    """Sends an event with its button on the case page, and waits for the next page's confirmation (not a notice
    the page already showed: the old page must be gone first, or the browser may quit before the form is sent)."""
    button = driver.find_element(By.CSS_SELECTOR, "form.inline-form input[name=event][value='%s'] ~ button" % event)
    button.click()
    wait(driver, gone(button))
    notice = wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "The case has been updated"))
    check(notice, "no confirmation after sending " + event)


def assessor_rejects_and_rates():
    """The assessor opens an item, rejects it with a reason, rates every criterion (one with the keyboard) and
    returns the evidence to the organisation."""
    driver = browser()
    case = PLAN["reviewCase"]
    try:
        sign_in(driver, "alice")
        look(driver, "assessor-queue")
        driver.get(BASE + "/cases/%s/evidence/%s" % (case, PLAN["rejectItem"]))
        look(driver, "assessor-evidence")
        driver.find_element(By.CSS_SELECTOR, "button.button[type=submit]").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
        look(driver, "assessor-evidence-error")
        driver.find_element(By.ID, "decision-reject").click()
        driver.find_element(By.ID, "reason").send_keys("This is last year's policy; upload the current one")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form.review-form button[type=submit]"))
        check("last year" in driver.page_source, "the rejection's reason is not on the case page")
        driver.get(BASE + "/cases/%s/ratings" % case)
        look(driver, "assessor-ratings")
        check("Self-assessed: Met" in driver.page_source, "the ratings page does not show the self-assessment")
        radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=met]")
        for radio in radios[1:]:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
            radio.click()
        # The first criterion by keyboard: focus its first level, then the arrow keys choose within the group.
        first = driver.find_element(By.CSS_SELECTOR, "fieldset.rating input[type=radio]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
        first.click()
        first.send_keys(Keys.ARROW_RIGHT)
        checked = driver.find_element(By.CSS_SELECTOR, "fieldset.rating input[type=radio]:checked")
        check(checked.get_attribute("id").endswith("-1"), "the arrow key did not move to the next rating level")
        while checked.get_attribute("value") != "met":
            checked.send_keys(Keys.ARROW_RIGHT)
            checked = driver.find_element(By.CSS_SELECTOR, "fieldset.rating input[type=radio]:checked")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        press(driver, "review.return")
        look(driver, "assessor-case")
    finally:
        driver.quit()


def applicant_replaces_and_submits():
    """The applicant replaces the rejected item with its own form (no script needed) and submits the evidence."""
    driver = browser()
    case = PLAN["reviewCase"]
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + case)
        field = driver.find_element(By.ID, "replace-" + PLAN["rejectItem"])
        field.send_keys(PLAN["files"][0])
        submit(driver, field.find_element(By.XPATH, "following-sibling::button"))
        check(driver.find_elements(By.CSS_SELECTOR, ".evidence-superseded"), "the rejected item is not shown replaced")
        look(driver, "applicant-replaced")
        press(driver, "evidence.submit")
    finally:
        driver.quit()


def staff_advance_to_findings():
    """The assessor completes the review, the secretariat schedules the visit, and the lead assessor holds it and
    raises a minor finding with the form on the case page (a refusal first: a longer time than the severity
    allows)."""
    for actor, events in [("alice", ["review.complete"]), ("sec", ["visit.schedule"]), ("lee", ["visit.complete"])]:
        driver = browser()
        try:
            sign_in(driver, actor)
            driver.get(BASE + "/cases/" + PLAN["reviewCase"])
            for event in events:
                press(driver, event)
            if actor != "lee":
                continue
            Select(driver.find_element(By.ID, "finding-criterion")).select_by_value("LD-3.1")
            Select(driver.find_element(By.ID, "finding-severity")).select_by_value("minor")
            driver.find_element(By.ID, "finding-statement").send_keys("Walkround issues have no recorded actions")
            driver.find_element(By.ID, "finding-within").send_keys("P2Y")
            button = driver.find_element(By.CSS_SELECTOR, "form[action$='/findings'] button[type=submit]")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            button.click()
            wait(driver, gone(button))
            summary = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
            check(summary is not None and "at most 6 months" in summary.text, "no refusal of a time longer than allowed")
            look(driver, "assessor-finding-refused")
            check(driver.find_element(By.ID, "finding-statement").get_attribute("value").startswith("Walkround"),
                  "the refused finding's statement was not kept")
            check(Select(driver.find_element(By.ID, "finding-severity")).first_selected_option.get_attribute("value")
                  == "minor", "the refused finding's severity was not kept")
            driver.find_element(By.ID, "finding-within").clear()
            button = driver.find_element(By.CSS_SELECTOR, "form[action$='/findings'] button[type=submit]")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            submit(driver, button)
            check(driver.find_elements(By.ID, "finding-F-1"), "the raised finding is not on the case page")
            look(driver, "assessor-finding-raised")
        finally:
            driver.quit()


def applicant_answers_the_finding():
    """The applicant reads the finding and answers it with the corrective action taken."""
    driver = browser()
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + PLAN["reviewCase"])
        check("Walkround issues have no recorded actions" in driver.page_source, "the applicant cannot read the finding")
        field = driver.find_element(By.ID, "response-F-1")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.send_keys("Every walkround issue now has an owner, an action and a date")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/findings/F-1/response'] button"))
        check("Answered, awaiting verification" in driver.page_source, "the answered finding is not shown answered")
        look(driver, "applicant-finding-answered")
    finally:
        driver.quit()


def lead_closes_the_finding_and_recommends():
    """The lead assessor verifies the answer and closes the finding, clears the findings and recommends."""
    driver = browser()
    try:
        sign_in(driver, "lee")
        driver.get(BASE + "/cases/" + PLAN["reviewCase"])
        field = driver.find_element(By.ID, "note-F-1")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.send_keys("Log seen for the last two months")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/findings/F-1/closure'] button"))
        look(driver, "assessor-finding-closed")
        for event in ["findings.clear", "recommendation.submit"]:
            press(driver, event)
    finally:
        driver.quit()


def decision_maker_decides():
    """The decision maker reads what the award rules give and records the same outcome."""
    driver = browser()
    try:
        sign_in(driver, "dana")
        driver.get(BASE + "/cases/%s/decision" % PLAN["reviewCase"])
        look(driver, "decision")
        driver.find_element(By.CSS_SELECTOR, "input[name=outcome][value=accredited]").click()
        notice = submit(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        check(notice is not None and "decision has been recorded" in notice.text, "no confirmation of the decision")
        look(driver, "decided-case")
    finally:
        driver.quit()


def public_checks_the_award():
    """The public register shows the award; the certificate check says current, and after the secretariat suspends
    the award (with the case page's button), suspended."""
    driver = browser()
    try:
        driver.get(BASE + "/register")
        look(driver, "public-register")
        check("Current" in driver.page_source, "the register does not show the new award as current")
        number = driver.find_element(By.CSS_SELECTOR, "table a[href^='/certificates/']").text
        driver.get(BASE + "/certificates/" + number)
        look(driver, "public-certificate")
        driver.get(BASE + "/certificates/check")
        look(driver, "public-check")
        driver.find_element(By.ID, "number").send_keys(number)
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
        check("The award is current" in driver.page_source, "the check does not say the award is current")
        look(driver, "public-check-current")
        staff = browser()
        try:
            sign_in(staff, "sec")
            staff.get(BASE + "/cases/" + PLAN["reviewCase"])
            press(staff, "case.suspend")
        finally:
            staff.quit()
        driver.get(BASE + "/certificates/check")
        driver.find_element(By.ID, "number").send_keys(number)
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
        check("The award is suspended" in driver.page_source, "after the suspension the check does not say suspended")
        look(driver, "public-check-suspended")
    finally:
        driver.quit()


def public_complains_and_secretariat_plans_a_visit():
    """A member of the public complains about the accredited organisation through the public form; the secretariat
    reads the register of complaints, triages the complaint for a visit and plans one."""
    driver = browser()
    try:
        driver.get(BASE + "/complaints/new")
        look(driver, "public-complaint-form")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
        check("There is a problem" in driver.page_source, "an empty complaint is not refused with an error summary")
        look(driver, "public-complaint-errors")
        Select(driver.find_element(By.ID, "complaint-organisation")).select_by_index(1)
        driver.find_element(By.ID, "complaint-text").send_keys("Night staffing on the medical ward is unsafe")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
        check("Complaint received" in driver.page_source, "the complaint is not confirmed with a reference")
        look(driver, "public-complaint-received")
    finally:
        driver.quit()
    staff = browser()
    try:
        sign_in(staff, "sec")
        staff.get(BASE + "/complaints")
        look(staff, "secretariat-complaints")
        staff.find_element(By.CSS_SELECTOR, "table a[href^='/complaints/']").click()
        wait(staff, EC.presence_of_element_located((By.ID, "triage-summary")))
        look(staff, "secretariat-complaint")
        staff.find_element(By.ID, "triage-for-cause-visit").click()
        staff.find_element(By.ID, "triage-summary").send_keys("Night staffing on a medical ward")
        notice = submit(staff, staff.find_element(By.CSS_SELECTOR, "form[action$='/triage'] button[type=submit]"))
        check(notice is not None and "triaged" in notice.text, "no confirmation of the triage")
        check(staff.find_elements(By.ID, "visit-from") != [], "no form to plan the visit after a for-cause triage")
        look(staff, "secretariat-complaint-triaged")
    finally:
        staff.quit()


def set_date(driver, element_id, day):
    """Fills a date field (typing into one depends on the browser's locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, element_id), day)


def secretariat_runs_the_scheme():
    """The secretariat registers an organisation, adds a person to it (the role chosen by keyboard) and invites
    them, who then set a password; records a conflict; reads the deadlines and the report; and sees each finding
    of a broken definition it tries to publish."""
    from selenium.webdriver.support.select import Select
    import tempfile
    driver = browser()
    try:
        sign_in(driver, "sec")
        driver.get(BASE + "/organisations")
        look(driver, "secretariat-organisations")
        driver.find_element(By.ID, "org-id").send_keys("vale")
        driver.find_element(By.ID, "org-name").send_keys("Vale Care Home")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/organisations'] button[type=submit]"))
        check("Vale Care Home" in driver.page_source, "the new organisation's page does not show it")
        look(driver, "secretariat-organisation")
        driver.find_element(By.ID, "site-code").send_keys("vale-house")
        driver.find_element(By.ID, "site-name").send_keys("Vale House")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/organisations/vale/sites'] button"))
        check("The site has been recorded" in driver.page_source, "the site is not recorded")
        driver.find_element(By.ID, "service-code").send_keys("nursing-care")
        driver.find_element(By.ID, "service-name").send_keys("Nursing care")
        Select(driver.find_element(By.ID, "service-kind")).select_by_value("residential-care")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/organisations/vale/services'] button"))
        check("Nursing care" in driver.page_source and "residential-care" in driver.page_source,
              "the service is not listed under its site")
        look(driver, "secretariat-organisation-services")
        # The secretariat declares the scope of hillside's case, still being applied for, from its services.
        driver.get(BASE + "/cases/" + PLAN["otherCase"])
        driver.find_element(By.ID, "scope-service-theatres").send_keys(Keys.SPACE)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/scope'] button[type=submit]"))
        section = wait(driver, EC.presence_of_element_located((By.ID, "scope")))
        check(section is not None and "Operating theatres" in section.text and "Hillside Hospital" in section.text,
              "the declared scope is not shown")
        look(driver, "secretariat-case-scope")
        driver.get(BASE + "/people")
        driver.find_element(By.ID, "person-id").send_keys("vic")
        driver.find_element(By.ID, "person-name").send_keys("Vic Vale")
        driver.find_element(By.CSS_SELECTOR, "input[name=roles][value=applicant]").send_keys(Keys.SPACE)
        Select(driver.find_element(By.ID, "person-organisation")).select_by_value("vale")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/people'] button[type=submit]"))
        invite = driver.find_element(By.CSS_SELECTOR, "form[action='/people/vic/invitation'] button")
        invite.click()
        wait(driver, gone(invite))
        link = wait(driver, EC.presence_of_element_located((By.ID, "invitation-link")))
        check(link is not None and link.text.startswith("/invitation?code=inv_"), "no invitation link for vic")
        look(driver, "secretariat-people")
        if link is not None:
            newcomer = browser()
            try:
                newcomer.get(BASE + link.text)
                for field in ["new-password", "confirm"]:
                    newcomer.find_element(By.ID, field).send_keys("vale care home phrase")
                newcomer.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
                wait(newcomer, EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "You can now sign in"))
                PLAN["people"]["vic"] = "vale care home phrase"
                sign_in(newcomer, "vic")
                check("Your cases" in newcomer.title, "vic, invited, cannot sign in")
            finally:
                newcomer.quit()
        driver.get(BASE + "/conflicts")
        Select(driver.find_element(By.ID, "conflict-actor")).select_by_value("alice")
        Select(driver.find_element(By.ID, "conflict-organisation")).select_by_value("vale")
        set_date(driver, "conflict-from", "2024-01-01")
        driver.find_element(By.ID, "conflict-reason").send_keys("Was its clinical governance lead until 2023")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/conflicts'] button[type=submit]"))
        check("clinical governance lead" in driver.page_source, "the conflict is not listed")
        look(driver, "secretariat-conflicts")
        driver.get(BASE + "/deadlines?within=400")
        check(PLAN["case"] in driver.page_source, "the deadlines do not list the open case")
        look(driver, "secretariat-deadlines")
        driver.get(BASE + "/report")
        look(driver, "secretariat-report")
        driver.get(BASE + "/definitions")
        look(driver, "secretariat-definitions")
        broken = tempfile.NamedTemporaryFile("w", suffix=".scxml", delete=False)
        broken.write('<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="a" name="broken">'
                     '\n<state id="a"><transition event="go" target="missing"/></state>\n</scxml>\n')
        broken.close()
        driver.find_element(By.ID, "source").send_keys(broken.name)
        driver.find_element(By.CSS_SELECTOR, "form[action='/definitions'] button[type=submit]").click()
        findings = wait(driver, EC.presence_of_element_located((By.ID, "findings")))
        check(findings is not None and "missing" in findings.text, "the broken definition's findings are not shown")
        look(driver, "secretariat-definitions-findings")
        os.unlink(broken.name)
    finally:
        driver.quit()


def auditor_examines_the_record():
    """The auditor reads the decided case's timeline, replays it as at today, sees the workflow version it runs on,
    verifies it and the whole store."""
    driver = browser()
    case = PLAN["reviewCase"]
    try:
        sign_in(driver, "aud")
        driver.get(BASE + "/cases/%s/history" % case)
        check("decision.record" in driver.page_source, "the timeline does not show the decision")
        look(driver, "auditor-history")
        driver.get(BASE + "/cases/%s/replay?asAt=%s" % (case, time.strftime("%Y-%m-%d", time.gmtime())))
        look(driver, "auditor-replay")
        driver.get(BASE + "/cases/%s/version" % case)
        check("Runs on" in driver.page_source, "the version page does not say which version the case runs on")
        look(driver, "auditor-version")
        driver.get(BASE + "/cases/%s/audit" % case)
        button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
        button.click()
        wait(driver, gone(button))
        verdict = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
        check(verdict is not None and "The record verifies" in verdict.text, "the case's record does not verify")
        look(driver, "auditor-verification")
        driver.get(BASE + "/audit")
        button = driver.find_element(By.CSS_SELECTOR, "form[action='/audit'] button[type=submit]")
        button.click()
        wait(driver, gone(button))
        verdict = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
        check(verdict is not None and "verifies" in verdict.text, "the whole store does not verify")
        look(driver, "auditor-store-audit")
    finally:
        driver.quit()


def applicant_renews():
    """The organisation applies to renew its award from the case page, which then says the award stays valid; the
    secretariat screens the renewal; the organisation reuses, in the new cycle, accepted evidence the standards let
    it reuse."""
    case = PLAN["renewalCase"]
    driver = browser()
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + case)
        look(driver, "renewal-award")
        press(driver, "renewal.apply")
        check("a renewal, since" in driver.page_source, "the case page does not name the renewal's cycle")
        check("The current award stays valid" in driver.page_source, "the case page does not say the award runs on")
        look(driver, "renewal-applied")
        press(driver, "application.submit")
    finally:
        driver.quit()
    staff = browser()
    try:
        sign_in(staff, "sec")
        staff.get(BASE + "/cases/" + case)
        for event in ["application.accept", "eligibility.confirm", "impartiality.confirm"]:
            press(staff, event)
    finally:
        staff.quit()
    driver = browser()
    try:
        sign_in(driver, "ann")
        driver.get(BASE + "/cases/" + case)
        button = driver.find_element(By.CSS_SELECTOR, "form[action$='/evidence/%s/reuse'] button" % PLAN["reuseItem"])
        look(driver, "renewal-evidence")
        notice = submit(driver, button)
        check(notice is not None and "reused in this cycle" in notice.text, "no confirmation of the reuse")
        check("Reused from an earlier cycle" in driver.page_source, "the reused item is not marked")
        look(driver, "renewal-reused")
    finally:
        driver.quit()


ALL_FLOWS = [everyone_pages, applicant_uploads_with_progress, applicant_uploads_without_javascript,
             applicant_assesses_itself, assessor_rejects_and_rates, applicant_replaces_and_submits, staff_advance_to_findings,
             applicant_answers_the_finding, lead_closes_the_finding_and_recommends,
             decision_maker_decides, public_checks_the_award, public_complains_and_secretariat_plans_a_visit,
             secretariat_runs_the_scheme, auditor_examines_the_record]


def main():
    import selenium.webdriver.support.select  # noqa: F401  (Select, used above)
    os.makedirs(PLAN["screenshots"], exist_ok=True)
    started = time.time()
    chosen = [globals()[name] for name in PLAN["flows"]] if "flows" in PLAN else ALL_FLOWS
    for flow in chosen:
        print("flow: " + flow.__name__, flush=True)
        try:
            flow()
        except Exception as error:  # a crash in a flow is a failure, and the next flow still runs
            import traceback
            traceback.print_exc()
            check(False, "%s crashed: %r" % (flow.__name__, error))
    print("browser flows took %.1f s; screenshots in %s" % (time.time() - started, PLAN["screenshots"]), flush=True)
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
